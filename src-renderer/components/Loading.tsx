// The one loading indicator: Mantine's spinner (hidden from screen readers) inside a polite status that says what is loading.
// An aria-label on the spinner itself is not allowed (it has no role), so axe flags it; words in a status are announced.
import { Loader, VisuallyHidden, type MantineSize } from '@mantine/core';

export function Loading({ label, size }: { label: string; size?: MantineSize }) {
  return (
    <span role="status" data-loading="" style={{ display: 'inline-flex', alignItems: 'center' }}>
      <Loader size={size} aria-hidden="true" />
      <VisuallyHidden>{label}</VisuallyHidden>
    </span>
  );
}
