// The route table: each capability adds ONE line here, spreading its own `xxxRoutes` (paths relative, e.g. 'students/:id').
import type { RouteObject } from 'react-router';
import { outcomesRoutes } from '../outcomes/routes';
import { reportsRoutes } from '../reports/routes';
import { expensesRoutes } from '../expenses/routes';
import { schedulingRoutes } from '../scheduling/routes';
import { settingsRoutes } from '../settings/routes';
import { studentsRoutes } from '../students/routes';
import { registersRoutes } from '../registers/routes';
import { todayRoutes } from '../today/routes';

export const featureRoutes: RouteObject[] = [
  ...expensesRoutes,
  ...studentsRoutes,
  ...settingsRoutes,
  ...schedulingRoutes,
  ...registersRoutes,
  ...todayRoutes,
  ...outcomesRoutes,
  ...reportsRoutes,
];
