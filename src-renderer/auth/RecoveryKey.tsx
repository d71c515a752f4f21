// Shows the manager recovery key once, to print or store, with an "I have stored it" confirmation before moving on.
import { Alert, Button, Checkbox, Code, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';

export function RecoveryKeyNotice({ recoveryKey, onStored, confirmLabel = 'Continue' }: { recoveryKey: string; onStored: () => void; confirmLabel?: string }) {
  const [stored, setStored] = useState(false);
  return (
    <Stack data-testid="recovery-key">
      <Text>
        This is the college’s <strong>manager recovery key</strong>. If every manager forgets their password, it lets you set a new one
        from the sign-in screen. It is shown only now: print it or write it down, and keep it somewhere safe, away from this computer.
      </Text>
      <Code block fz="lg" ta="center" aria-label="Recovery key">
        {recoveryKey}
      </Code>
      <Alert color="blue" variant="light">
        Anyone with this key can set a manager’s password, so keep it as safely as the office keys. It resets the manager password only; it
        does not open back-ups. A manager can make a new key at any time (Staff accounts), and the old one then stops working.
      </Alert>
      <Group>
        <Button variant="default" onClick={() => window.print()}>
          Print it
        </Button>
      </Group>
      <Checkbox label="I have printed or stored the recovery key somewhere safe" checked={stored} onChange={(e) => setStored(e.currentTarget.checked)} />
      <Button disabled={!stored} onClick={onStored}>
        {confirmLabel}
      </Button>
    </Stack>
  );
}
