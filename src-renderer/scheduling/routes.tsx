// The Courses & schedule area's routes.
import type { RouteObject } from 'react-router';
import { AttentionPage } from './AttentionPage';
import { CataloguePage } from './CataloguePage';
import { FacilitatorsPage } from './FacilitatorsPage';
import { RunPage } from './RunPage';
import { RunsPage } from './RunsPage';
import { TermsPage } from './TermsPage';
import { TimetablePage } from './TimetablePage';
import { VenuesPage } from './VenuesPage';
import { importRoute } from '../imports/routes';

export const schedulingRoutes: RouteObject[] = [
  { path: 'schedule', element: <TimetablePage /> },
  { path: 'schedule/runs', element: <RunsPage /> },
  { path: 'schedule/runs/:id', element: <RunPage /> },
  { path: 'schedule/courses', element: <CataloguePage /> },
  { path: 'schedule/terms', element: <TermsPage /> },
  { path: 'schedule/venues', element: <VenuesPage /> },
  { path: 'schedule/facilitators', element: <FacilitatorsPage /> },
  importRoute('facilitators'),
  { path: 'schedule/attention/:need', element: <AttentionPage /> },
];
