// The Reports area's routes: the front page, contract returns (managers), and the outcomes lists.
import type { RouteObject } from 'react-router';
import { FollowUpDuePage } from '../outcomes/FollowUpDuePage';
import { SatisfactionPage } from '../outcomes/SatisfactionPage';
import { ReportsHome } from './ReportsHome';
import { ReturnsPage } from './ReturnsPage';

export const reportsRoutes: RouteObject[] = [
  { path: 'reports', element: <ReportsHome /> },
  { path: 'reports/returns', element: <ReturnsPage /> },
  { path: 'reports/follow-up', element: <FollowUpDuePage /> },
  { path: 'reports/satisfaction', element: <SatisfactionPage /> },
];
