// One of the college's rules in plain words, with today's real numbers from the core (`help.rules`), where staff meet it.
import { List, Paper, Stack, Text } from '@mantine/core';
import { useId } from 'react';
import type { RuleKey, RuleText } from '../../src-main/contract/setup';
import { useApiQuery } from '../api/hooks';

/** The rules, fetched once a screen needs one (numbers change only when a manager changes a setting or a rate). */
export function useRules(enabled = true) {
  return useApiQuery('help.rules', {}, { enabled, quietErrors: true, staleTime: 60_000 });
}

export function RuleBody({ rule }: { rule: RuleText }) {
  return (
    <Stack gap={4}>
      <Text size="sm">{rule.text}</Text>
      {rule.examples.length > 0 && rule.examples.every((e) => e.length < 20) ? (
        <Text size="sm">For example: {rule.examples.join(', ')}.</Text>
      ) : rule.examples.length > 0 && (
        <List size="sm" spacing={2} aria-label={`Examples: ${rule.title}`}>
          {rule.examples.map((e) => (
            <List.Item key={e}>{e}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/** A quiet note naming the rule, e.g. on the claim screen (the mileage tier) or the returns page (suppression). */
export function RuleNote({ rule }: { rule: RuleKey }) {
  const q = useRules();
  const id = useId();
  if (!q.data) return null;
  const r = q.data[rule];
  return (
    <Paper component="aside" aria-labelledby={id} withBorder radius="md" p="sm" bg="var(--mantine-color-gray-0)" data-testid={`rule-${rule}`}>
      <Stack gap={4}>
        <Text fw={600} size="sm" id={id}>
          {r.title}
        </Text>
        <RuleBody rule={r} />
      </Stack>
    </Paper>
  );
}
