// Shows a page only to roles that may use it; otherwise says, kindly, why not. Cosmetic: the core checks every call.
import { Alert, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { PERMISSION_WORDS, ROLE_LABELS, type Permission } from '../../src-main/contract/permissions';
import { useCurrentStaff } from '../app/auth-context';
import { Page } from './Page';

export function RequirePermission({ permission, title, children }: { permission: Permission; title: string; children: ReactNode }) {
  const { staff, can } = useCurrentStaff();
  if (can(permission)) return <>{children}</>;
  return (
    <Page title={title}>
      <Alert color="gray" title="Not available for your role" data-testid="not-permitted">
        <Text>
          Your role ({ROLE_LABELS[staff.role].toLowerCase()}) cannot {PERMISSION_WORDS[permission]}. If you need to, please ask a manager.
        </Text>
      </Alert>
    </Page>
  );
}
