// An inline, kind error message for a failed query or action.
import { Alert, Button, Stack, Text } from '@mantine/core';
import { errorMessage } from '../api/client';

export function ErrorAlert({ error, onRetry, title = 'That did not work' }: { error: unknown; onRetry?: () => void; title?: string }) {
  return (
    <Alert color="red" title={title} role="alert">
      <Stack gap="xs">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry && (
          <Button size="compact-sm" variant="default" onClick={onRetry} w="fit-content">
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
