// The Students area's routes.
import type { RouteObject } from 'react-router';
import { RequirePermission } from '../components/RequirePermission';
import { StudentDetailPage } from './StudentDetailPage';
import { StudentEditPage, StudentNewPage } from './StudentEditPages';
import { StudentsListPage } from './StudentsListPage';
import { importRoute } from '../imports/routes';

export const studentsRoutes: RouteObject[] = [
  {
    path: 'students',
    element: (
      <RequirePermission permission="students.read" title="Students">
        <StudentsListPage />
      </RequirePermission>
    ),
  },
  { path: 'students/new', element: <StudentNewPage /> },
  importRoute('students'),
  { path: 'students/:id', element: <StudentDetailPage /> },
  { path: 'students/:id/edit', element: <StudentEditPage /> },
];
