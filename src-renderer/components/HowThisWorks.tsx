// A short, collapsible "How this works" panel for an area's main page: what it is for, its keys, who can do what (read
// from the permission table) and the rules that apply there (with their real numbers). Content: help/content.ts.
import { Button, Collapse, Group, Kbd, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { PERMISSION_WORDS, ROLE_LABELS, ROLES, roleCan, type Permission } from '../../src-main/contract/permissions';
import { HELP, type HelpArea } from '../help/content';
import { RuleBody, useRules } from '../help/RuleNote';

const andList = (words: string[]) => (words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`);

/**
 * "Admins, coordinators and managers can view expense claims and enter or submit expense claims." — one sentence per
 * group of roles, read from the permission table.
 */
export function whoCan(permissions: Permission[]): string[] {
  const groups = new Map<string, { roles: string[]; words: string[] }>();
  for (const p of permissions) {
    const roles = ROLES.filter((r) => roleCan(r, p));
    const key = roles.join(',');
    const g = groups.get(key) ?? { roles: roles.map((r) => `${ROLE_LABELS[r].toLowerCase()}s`), words: [] };
    g.words.push(PERMISSION_WORDS[p]);
    groups.set(key, g);
  }
  return [...groups.values()].map(({ roles, words }) => {
    const who = roles.length === 1 ? `Only ${roles[0]}` : andList(roles);
    return `${who.charAt(0).toUpperCase()}${who.slice(1)} can ${andList(words)}.`;
  });
}

export function HowThisWorks({ area }: { area: HelpArea }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const help = HELP[area];
  const rules = useRules(open && help.rules.length > 0);
  return (
    <Paper withBorder radius="md" px="md" py="xs" component="section" aria-labelledby={`${id}-button`} data-testid="how-this-works">
      <Button
        id={`${id}-button`}
        variant="subtle"
        size="sm"
        px="xs"
        ml="calc(var(--mantine-spacing-xs) * -1)"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen((o) => !o)}
        leftSection={<span aria-hidden="true">{open ? '▾' : '▸'}</span>}
      >
        How this works
      </Button>
      <Collapse expanded={open}>
        <Stack gap="md" id={`${id}-panel`} pb="sm" pt="xs">
          {help.purpose.map((p) => (
            <Text key={p} size="sm">
              {p}
            </Text>
          ))}
          {help.keys.length > 0 && (
            <Stack gap={4}>
              <Title order={2} size="h6">
                Keys
              </Title>
              <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing="sm" style={{ width: 'auto' }} aria-label="Keys">
                <Table.Tbody>
                  {help.keys.map((k) => (
                    <Table.Tr key={k.does}>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          {k.keys.map((key, i) => (
                            <span key={key}>
                              {i > 0 && <Text span size="sm" c="dimmed">or </Text>}
                              <Kbd>{key}</Kbd>
                            </span>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{k.does}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          )}
          <Stack gap={4}>
            <Title order={2} size="h6">
              Who can do what
            </Title>
            <List size="sm" spacing={2}>
              {whoCan(help.permissions).map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
            </List>
          </Stack>
          {help.rules.length > 0 &&
            rules.data &&
            help.rules.map((key) => (
              <Stack gap={4} key={key}>
                <Title order={2} size="h6">
                  {rules.data[key].title}
                </Title>
                <RuleBody rule={rules.data[key]} />
              </Stack>
            ))}
        </Stack>
      </Collapse>
    </Paper>
  );
}
