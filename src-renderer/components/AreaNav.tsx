// An area's own links (Timetable, Course runs… / Claims, Approvals…), shown at the top of each of its pages.
import { Anchor, Group } from '@mantine/core';
import { NavLink as RouterNavLink } from 'react-router';
import type { Permission } from '../../src-main/contract/permissions';
import { useCurrentStaff } from '../app/auth-context';

export interface AreaLink {
  to: string;
  label: string;
  /** Match the path exactly (the area's home link). */
  end?: boolean;
  /** Hide the link from roles without this permission (cosmetic; the core checks every call). */
  permission?: Permission;
}

export function AreaNav({ label, links }: { label: string; links: readonly AreaLink[] }) {
  const { can } = useCurrentStaff();
  return (
    <nav aria-label={label}>
      <Group gap="md" wrap="wrap">
        {links
          .filter((l) => !l.permission || can(l.permission))
          .map((l) => (
            <Anchor
              key={l.to}
              component={RouterNavLink}
              to={l.to}
              end={l.end}
              fw={500}
              style={({ isActive }: { isActive: boolean }) => (isActive ? { textDecoration: 'underline', textUnderlineOffset: 4 } : undefined)}
            >
              {l.label}
            </Anchor>
          ))}
      </Group>
    </nav>
  );
}
