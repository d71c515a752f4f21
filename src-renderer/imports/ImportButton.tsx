// The way into an import from a list page ("Import students"), shown only to roles that may import that kind.
import { Button } from '@mantine/core';
import { Link } from 'react-router';
import { IMPORT_ACCESS, IMPORT_KIND_WORDS, type ImportKind } from '../../src-main/contract/imports';
import { useCurrentStaff } from '../app/auth-context';
import { IMPORT_PATHS } from './routes';

export function ImportButton({ kind }: { kind: ImportKind }) {
  const { can } = useCurrentStaff();
  if (!can(IMPORT_ACCESS[kind])) return null;
  return (
    <Button component={Link} to={`/${IMPORT_PATHS[kind]}`} variant="default">
      {IMPORT_KIND_WORDS[kind].title}
    </Button>
  );
}
