// The import page's address in each area it serves (students, facilitators, payees), behind the kind's own permission.
import type { RouteObject } from 'react-router';
import { IMPORT_ACCESS, IMPORT_KIND_WORDS, type ImportKind } from '../../src-main/contract/imports';
import { RequirePermission } from '../components/RequirePermission';
import { ImportPage } from './ImportPage';

export const IMPORT_PATHS: Record<ImportKind, string> = {
  students: 'students/import',
  facilitators: 'schedule/facilitators/import',
  payees: 'expenses/payees/import',
};

export function importRoute(kind: ImportKind): RouteObject {
  return {
    path: IMPORT_PATHS[kind],
    element: (
      <RequirePermission permission={IMPORT_ACCESS[kind]} title={IMPORT_KIND_WORDS[kind].title}>
        <ImportPage kind={kind} />
      </RequirePermission>
    ),
  };
}
