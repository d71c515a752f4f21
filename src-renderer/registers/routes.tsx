// The Registers area's routes.
import type { RouteObject } from 'react-router';
import { FollowUpsPage } from './FollowUpsPage';
import { RegisterPage } from './RegisterPage';
import { RegistersHome } from './RegistersHome';
import { RunAttendancePage } from './RunAttendancePage';
import { ToTakePage } from './ToTakePage';

export const registersRoutes: RouteObject[] = [
  { path: 'registers', element: <RegistersHome /> },
  { path: 'registers/sessions/:id', element: <RegisterPage /> },
  { path: 'registers/follow-ups', element: <FollowUpsPage /> },
  { path: 'registers/to-take', element: <ToTakePage /> },
  { path: 'registers/runs/:id', element: <RunAttendancePage /> },
];
