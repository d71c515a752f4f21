// One way to confirm a destructive or hard-to-reverse action: a dialog that says what will happen, the safe choice focused.
// `const [confirm, confirmDialog] = useConfirm();` then `confirm({ title, message, confirmLabel, onConfirm })`, and render
// `{confirmDialog}` once in the page (outside any menu, which closes before the dialog opens).
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { errorMessage } from '../api/client';

export interface ConfirmRequest {
  title: string;
  /** What will happen, in plain words (and whether it can be undone). */
  message: ReactNode;
  confirmLabel: string;
  /** The safe choice; "Keep it" unless said otherwise. */
  cancelLabel?: string;
  /** Red for removing or ending something (the default); false for a neutral action. */
  danger?: boolean;
  onConfirm: () => Promise<unknown>;
}

export function useConfirm(): [(request: ConfirmRequest) => void, ReactNode] {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    if (busy) return;
    setRequest(null);
    setError(null);
  };
  const run = async () => {
    if (!request) return;
    setBusy(true);
    setError(null);
    try {
      await request.onConfirm();
      setRequest(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const dialog = (
    <Modal opened={request !== null} onClose={close} title={request?.title}>
      <Stack>
        {typeof request?.message === 'string' ? <Text>{request.message}</Text> : request?.message}
        {error && (
          <Alert color="red" role="alert" title="That did not work">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} data-autofocus>
            {request?.cancelLabel ?? 'Keep it'}
          </Button>
          <Button color={request?.danger === false ? undefined : 'red'} loading={busy} onClick={() => void run()}>
            {request?.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
  return [(r) => (setError(null), setRequest(r)), dialog];
}

export function TrashIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true" focusable="false">
      <path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />
    </svg>
  );
}
