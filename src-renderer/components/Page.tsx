// A page's frame: its heading (focused on arrival so screen readers announce it), the window title, and its actions.
import { Group, Stack, Title, type StackProps } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';

export interface PageProps extends StackProps {
  title: string;
  actions?: ReactNode;
  children?: ReactNode;
}

export function Page({ title, actions, children, ...rest }: PageProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Recovery College Desk`;
    // Move focus to the new page's heading only when nothing inside the page already has it.
    if (!heading.current?.closest('main')?.contains(document.activeElement)) heading.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <Stack gap="lg" {...rest}>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Title order={1} size="h2" ref={heading} tabIndex={-1} className="rcd-page-heading">
          {title}
        </Title>
        {actions && <Group gap="sm">{actions}</Group>}
      </Group>
      {children}
    </Stack>
  );
}
