// The calm, centred frame shared by the first-run, sign-in, password and lock screens.
import { Box, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';

export function AuthFrame({ title, intro, children, width = 440 }: { title: string; intro?: ReactNode; children: ReactNode; width?: number }) {
  useEffect(() => {
    document.title = `${title} · Recovery College Desk`;
  }, [title]);
  return (
    <Box component="main" mih="100vh" bg="calm.0" p="md">
      <Center mih="calc(100vh - 32px)">
        <Paper withBorder shadow="sm" radius="lg" p="xl" w="100%" maw={width}>
          <Stack gap="lg">
            <Stack gap={4}>
              <Text size="sm" c="dimmed" fw={600}>
                Recovery College Desk
              </Text>
              <Title order={1} size="h2" id="auth-title">
                {title}
              </Title>
              {intro && <Text>{intro}</Text>}
            </Stack>
            {children}
          </Stack>
        </Paper>
      </Center>
    </Box>
  );
}
