// The route table: each capability adds ONE line here, mounting its own `xxxRoutes` (paths relative, e.g. 'students/:id')
// under its prefix. Every area is a chunk of its own, loaded the first time it is opened (lazy-area.tsx).
import type { RouteObject } from 'react-router';
import { lazyArea } from './lazy-area';

export const featureRoutes: RouteObject[] = [
  lazyArea('expenses', async () => [(await import('../expenses/routes')).expensesRoutes]),
  // A student's outcomes page lives in the Students area's addresses.
  lazyArea('students', async () => Promise.all([import('../students/routes').then((m) => m.studentsRoutes), import('../outcomes/routes').then((m) => m.outcomesRoutes)])),
  lazyArea('settings', async () => [(await import('../settings/routes')).settingsRoutes]),
  lazyArea('schedule', async () => [(await import('../scheduling/routes')).schedulingRoutes]),
  lazyArea('registers', async () => [(await import('../registers/routes')).registersRoutes]),
  lazyArea('today', async () => [(await import('../today/routes')).todayRoutes]),
  lazyArea('reports', async () => [(await import('../reports/routes')).reportsRoutes]),
];
