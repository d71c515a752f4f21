// What an area shows before it is built: a calm note saying what will be there.
import { Alert, Text } from '@mantine/core';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import type { NavItem } from './nav';

export function AreaPlaceholder({ item }: { item: NavItem }) {
  const body = (
    <Page title={item.label}>
      <Alert color="calm" variant="light" title="Coming soon" data-testid="area-placeholder">
        <Text>{item.description}</Text>
      </Alert>
    </Page>
  );
  return item.permission ? <RequirePermission permission={item.permission} title={item.label}>{body}</RequirePermission> : body;
}
