// What other desks changed on the college's server since a window last asked (issue 12): the window refreshes the
// screens of those areas. On a desk's own file there are no other desks, and the answer is always "nothing".
import { z } from 'zod';
import { method, type MethodSpec } from './define';

export interface ChangesSince {
  /** The number to ask from next time. */
  seq: number;
  /** Method-name prefixes (e.g. `registers.`) whose screens are out of date; `''` means every screen. */
  areas: string[];
}

export const changesMethods = {
  'changes.since': method<ChangesSince>()({
    kind: 'read',
    input: z.object({ after: z.number().int().min(0) }),
    access: 'signedIn',
    summary: 'The areas other desks have changed on the college’s server since the given number (nothing on a desk’s own file).',
  }),
} satisfies Record<string, MethodSpec>;
