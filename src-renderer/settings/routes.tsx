// The Settings area's routes: your password, staff accounts, the audit log, the college's settings, backups, the college server.
import { Navigate, type RouteObject } from 'react-router';
import { DataProtectionPage } from '../privacy/DataProtectionPage';
import { DataSecurityPage } from '../privacy/DataSecurityPage';
import { AuditLogPage } from './AuditLogPage';
import { BackupsPage } from './BackupsPage';
import { CollegeServerPage } from './CollegeServerPage';
import { CollegeSettingsPage } from './CollegeSettingsPage';
import { MyAccountPage } from './MyAccountPage';
import { SettingsLayout } from './SettingsLayout';
import { StaffPage } from './StaffPage';

export const settingsRoutes: RouteObject[] = [
  {
    path: 'settings',
    element: <SettingsLayout />,
    children: [
      { index: true, element: <Navigate to="/settings/account" replace /> },
      { path: 'account', element: <MyAccountPage /> },
      { path: 'staff', element: <StaffPage /> },
      { path: 'audit', element: <AuditLogPage /> },
      { path: 'college', element: <CollegeSettingsPage /> },
      { path: 'data-protection', element: <DataProtectionPage /> },
      { path: 'data-security', element: <DataSecurityPage /> },
      { path: 'backups', element: <BackupsPage /> },
      { path: 'server', element: <CollegeServerPage /> },
    ],
  },
];
