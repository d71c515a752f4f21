// The Expenses area's routes.
import type { RouteObject } from 'react-router';
import { ApprovalsPage } from './ApprovalsPage';
import { BatchPage, BatchesPage } from './BatchesPage';
import { ClaimPage } from './ClaimPage';
import { ClaimsPage } from './ClaimsPage';
import { InvolvementPage } from './InvolvementPage';
import { PayeesPage } from './PayeesPage';
import { RatesPage } from './RatesPage';
import { TotalsPage } from './TotalsPage';
import { importRoute } from '../imports/routes';

export const expensesRoutes: RouteObject[] = [
  { path: 'expenses', element: <ClaimsPage /> },
  { path: 'expenses/claims/:id', element: <ClaimPage /> },
  { path: 'expenses/approvals', element: <ApprovalsPage /> },
  { path: 'expenses/batches', element: <BatchesPage /> },
  { path: 'expenses/batches/:id', element: <BatchPage /> },
  { path: 'expenses/involvement', element: <InvolvementPage /> },
  { path: 'expenses/payees', element: <PayeesPage /> },
  importRoute('payees'),
  { path: 'expenses/totals', element: <TotalsPage /> },
  { path: 'expenses/rates', element: <RatesPage /> },
];
