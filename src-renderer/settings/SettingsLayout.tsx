// Settings: tabs for the parts a role can use (a role that cannot use a part gets a plain explanation if it goes there).
import { Stack, Tabs } from '@mantine/core';
import { Outlet, useLocation, useNavigate } from 'react-router';
import type { Permission } from '../../src-main/contract/permissions';
import { useCurrentStaff } from '../app/auth-context';

const TABS: { path: string; label: string; permission?: Permission }[] = [
  { path: 'account', label: 'My password' },
  { path: 'staff', label: 'Staff accounts', permission: 'staff.manage' },
  { path: 'audit', label: 'Audit log', permission: 'audit.read' },
  { path: 'college', label: 'College settings', permission: 'settings.manage' },
  { path: 'data-protection', label: 'Data protection', permission: 'audit.read' },
  { path: 'data-security', label: 'Data security', permission: 'audit.read' },
  { path: 'backups', label: 'Backups', permission: 'backups.manage' },
  { path: 'server', label: 'College server', permission: 'settings.manage' },
];

export function SettingsLayout() {
  const { can } = useCurrentStaff();
  const navigate = useNavigate();
  const current = useLocation().pathname.split('/')[2] ?? 'account';
  const tabs = TABS.filter((t) => !t.permission || can(t.permission));
  return (
    <Stack gap="lg">
      {tabs.length > 1 && (
        <Tabs value={current} onChange={(v) => v && navigate(`/settings/${v}`)} aria-label="Settings sections">
          <Tabs.List>
            {tabs.map((t) => (
              <Tabs.Tab key={t.path} value={t.path}>
                {t.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
      )}
      <Outlet />
    </Stack>
  );
}
