// Shown for an address the app does not know.
import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { Page } from '../components/Page';

export function NotFound() {
  return (
    <Page title="Page not found">
      <Text>
        There is nothing at this address. <Anchor component={Link} to="/today">Go to Today</Anchor>.
      </Text>
    </Page>
  );
}
