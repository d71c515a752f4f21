// A row's actions: one small "⋯" button named after the record ("Actions for Sam Patel"), opening a menu of plain verbs.
import { ActionIcon, Menu } from '@mantine/core';
import type { ReactNode } from 'react';

export function MoreIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true" focusable="false">
      <circle cx="5" cy="12" r="2" />
      <circle cx="12" cy="12" r="2" />
      <circle cx="19" cy="12" r="2" />
    </svg>
  );
}

/** `label` names the record, e.g. "Sam Patel": the button is read "Actions for Sam Patel". Children are `Menu.Item`s. */
export function RowMenu({ label, children }: { label: string; children: ReactNode }) {
  return (
    // No initial-focus placeholder: it is a focusable child of role="menu" that is not a menu item, which axe rejects
    // (aria-required-children); the arrow keys still move into the items.
    <Menu position="bottom-end" withinPortal withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <ActionIcon variant="default" size="lg" aria-label={`Actions for ${label}`} title={`Actions for ${label}`}>
          <MoreIcon />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>{children}</Menu.Dropdown>
    </Menu>
  );
}
