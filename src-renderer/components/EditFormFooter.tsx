// The foot of an edit form in a modal: any message that fits no field, then "Keep it as it was" (focused first) and "Save changes".
import { Alert, Button, Group } from '@mantine/core';

export function EditFormFooter({ formError, onClose, saving }: { formError: string | null | undefined; onClose: () => void; saving: boolean }) {
  return (
    <>
      {formError && (
        <Alert color="red" role="alert">
          {formError}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose} data-autofocus>
          Keep it as it was
        </Button>
        <Button type="submit" loading={saving}>
          Save changes
        </Button>
      </Group>
    </>
  );
}
