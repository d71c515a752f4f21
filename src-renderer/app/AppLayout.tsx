// The app shell: header with the signed-in person, lock and sign-out; navigation; the training-database banner; the page.
import { Alert, AppShell, Burger, Button, Group, NavLink, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { ROLE_LABELS } from '../../src-main/contract/permissions';
import { call } from '../api/client';
import { resetCachedData, useApiQuery } from '../api/hooks';
import { signOut } from '../auth/sign-out';
import { PractiseInTraining } from '../demo/PractiseInTraining';
import { useCurrentStaff } from './auth-context';
import { NAV_ITEMS } from './nav';
import { SearchEverything } from '../search/SearchEverything';
import { NavBadge, navLinkName } from './NavLabel';
import { navItemsFor, useTodaySummary } from '../today/useTodaySummary';

export function AppLayout() {
  const { staff, can, database } = useCurrentStaff();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const queryClient = useQueryClient();
  const settings = useApiQuery('settings.get', {}, { staleTime: 60_000, quietErrors: true });
  const today = useTodaySummary();
  const items = NAV_ITEMS.filter((i) => !i.permission || can(i.permission));
  const demo = database.kind === 'demo';

  const lockNow = async () => {
    await call('auth.lock', {}).catch(() => undefined);
    await queryClient.invalidateQueries({ queryKey: ['auth.status'] });
  };

  return (
    <AppShell header={{ height: demo ? 104 : 64 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header>
        <a href="#main-content" className="rcd-skip-link" onClick={(e) => {
          e.preventDefault();
          document.getElementById('main-content')?.focus();
        }}>
          Skip to main content
        </a>
        {demo && <TrainingBanner />}
        <Group h={64} px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? 'Close navigation' : 'Open navigation'} />
            <div>
              {/* Not a heading: each page's own h1 comes first for screen readers. */}
              <Text fw={700} size="lg">
                Recovery College Desk
              </Text>
              {settings.data?.collegeName && (
                <Text size="sm" c="dimmed">
                  {settings.data.collegeName}
                </Text>
              )}
            </div>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <SearchEverything />
            <Text size="sm" data-testid="signed-in-as" visibleFrom="xs">
              <VisuallyHidden>Signed in as </VisuallyHidden>
              <strong>{staff.displayName}</strong> · {ROLE_LABELS[staff.role]}
            </Text>
            {!demo && database.demoAvailable && <PractiseInTraining />}
            <Button variant="default" size="sm" onClick={() => void lockNow()}>
              Lock now
            </Button>
            <Button variant="default" size="sm" onClick={() => void signOut(queryClient)}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main navigation" component="nav">
        <Stack gap={4}>
          {items.map((item) => (
            <div key={item.path} style={{ position: 'relative' }}>
              <NavLink
                component={RouterNavLink}
                to={item.path}
                label={item.label}
                aria-label={navLinkName(item.label, navItemsFor(today.data?.items, item.path))}
                active={location.pathname === item.path || location.pathname.startsWith(`${item.path}/`)}
                onClick={close}
                fw={500}
              />
              <NavBadge items={navItemsFor(today.data?.items, item.path)} />
            </div>
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main-content" tabIndex={-1} style={{ outline: 'none' }}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

function TrainingBanner() {
  const queryClient = useQueryClient();
  const leave = async () => {
    await call('demo.close', {}).catch(() => undefined);
    window.location.hash = '#/today';
    await resetCachedData(queryClient);
  };
  return (
    <Alert
      color="yellow"
      radius={0}
      py={6}
      h={40}
      role="status"
      data-testid="training-banner"
      styles={{ body: { justifyContent: 'center' } }}
    >
      <Group justify="center" gap="md" wrap="nowrap">
        <Text size="sm" fw={600} c="dark">
          Training database: the people here are fictional. Nothing you do here affects real records.
        </Text>
        <Button size="compact-sm" variant="white" color="dark" onClick={() => void leave()}>
          Leave the training database
        </Button>
      </Group>
    </Alert>
  );
}
