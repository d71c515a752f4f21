// Outcomes routes in the Students area: a student's wellbeing questionnaires and destinations.
import type { RouteObject } from 'react-router';
import { StudentOutcomesPage } from './StudentOutcomesPage';

export const outcomesRoutes: RouteObject[] = [{ path: 'students/:id/outcomes', element: <StudentOutcomesPage /> }];
