// The Students area's routes.
import type { RouteObject } from 'react-router';

export const studentsRoutes: RouteObject[] = [];
