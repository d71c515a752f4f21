// Offers the training database: choose its size (200 / 2,000 / 20,000 fictional students) and watch it being made, or,
// when one is already made, open it at once at the size it was made.
import { Button, Progress, Radio, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { TRAINING_SIZES, type TrainingSize } from '../../src-main/contract/demo';
import { useApiMutation, useApiQuery } from '../api/hooks';

const SIZE_WORDS: Record<TrainingSize, { label: string; description: string }> = {
  200: { label: '200 students', description: 'A small college. Ready in a few seconds.' },
  2000: { label: '2,000 students', description: 'A busy college. Ready in about ten seconds.' },
  20000: { label: '20,000 students', description: 'A very large college, to see how the app copes. Takes about a minute to make.' },
};

const count = (n: number) => n.toLocaleString('en-GB');

export function TrainingChooser({ buttonLabel, onOpened }: { buttonLabel: string; onOpened: () => void | Promise<void> }) {
  const [size, setSize] = useState<TrainingSize>(200);
  const open = useApiMutation('demo.open', { onSuccess: () => onOpened() });
  // Polled only while something is being made (here or from another window), so an idle screen asks nothing.
  const status = useApiQuery('demo.progress', {}, { quietErrors: true, refetchInterval: (q) => (open.isPending || q.state.data?.making ? 400 : false) });
  const making = status.data?.making ?? null;
  const existing = status.data?.existing ?? null;

  if (open.isPending || making) {
    const percent = making?.percent ?? 0;
    return (
      <Stack gap="xs" data-testid="training-progress">
        <Text fw={500}>Making a training database with {count(making?.students ?? size)} fictional students…</Text>
        <Progress value={percent} size="lg" radius="sm" aria-label="Training database made so far" animated />
        <Text size="sm" c="dimmed" role="status" aria-live="polite">
          {making ? `${making.stage} (${percent}%)` : 'Getting ready'}. You can leave this window open; it moves on by itself when ready.
        </Text>
      </Stack>
    );
  }

  if (existing) {
    return (
      <Stack gap="xs">
        <Text size="sm" data-testid="training-existing">
          A training database with {count(existing.students)} fictional students is ready. It opens at once, as it was left.
        </Text>
        <Button variant="default" onClick={() => open.mutate({ scale: existing.students })}>
          {buttonLabel}
        </Button>
      </Stack>
    );
  }

  return (
    <Stack gap="xs">
      <Radio.Group
        label="How big a college?"
        description="Two years of terms, registers, questionnaires, expenses and returns, all fictional. You can try the app at any size."
        value={String(size)}
        onChange={(v) => setSize(Number(v) as TrainingSize)}
      >
        <Stack gap={6} mt="xs">
          {TRAINING_SIZES.map((n) => (
            <Radio key={n} value={String(n)} label={SIZE_WORDS[n].label} description={SIZE_WORDS[n].description} />
          ))}
        </Stack>
      </Radio.Group>
      <Button variant="default" onClick={() => open.mutate({ scale: size })}>
        {buttonLabel}
      </Button>
    </Stack>
  );
}
