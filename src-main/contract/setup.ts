// Setting up a new college (the manager's checklist on Today) and the college's rules in plain words for the help panels.
import { z } from 'zod';
import { method, none, type MethodSpec } from './define';

export const SETUP_STEP_KEYS = ['college', 'terms', 'venues', 'courses', 'facilitators', 'staff', 'rates'] as const;
export type SetupStepKey = (typeof SETUP_STEP_KEYS)[number];

export interface SetupStep {
  key: SetupStepKey;
  title: string;
  /** Why it matters, in one or two plain sentences. */
  why: string;
  done: boolean;
  /** What the database shows for this step now, e.g. "2 terms" or "Not yet". */
  progress: string;
  /** The screen where it is done (an app path, e.g. `/schedule/terms`) and the words of the link to it. */
  link: string;
  linkLabel: string;
}

export interface SetupChecklist {
  steps: SetupStep[];
  doneCount: number;
  total: number;
  complete: boolean;
  /**
   * How the manager left it: `auto` (shown on Today until every step is done), `hidden` ("I've finished setting up"),
   * `shown` (reopened from Settings: shown even when complete, until hidden again).
   */
  mode: 'auto' | 'hidden' | 'shown';
  /** Whether Today shows the checklist now. */
  visible: boolean;
  ratesConfirmed: { at: string; by: string } | null;
}

/** A rule of the brief in plain words, with its real numbers taken from where the rule is implemented. */
export interface RuleText {
  title: string;
  text: string;
  /** Worked examples, computed by the rule's own code. */
  examples: string[];
}

export const RULE_KEYS = ['completion', 'mileage', 'suppression'] as const;
export type RuleKey = (typeof RULE_KEYS)[number];
export type RuleTexts = Record<RuleKey, RuleText>;

export const setupMethods = {
  'setup.checklist': method<SetupChecklist>()({ kind: 'read', input: none, access: 'settings.manage', summary: 'The set-up checklist for a new college: each step, whether it is done (worked out from the records), and whether Today shows it.' }),
  'setup.hide': method<SetupChecklist>()({ kind: 'write', input: none, access: 'settings.manage', summary: '“I’ve finished setting up”: take the checklist off Today.' }),
  'setup.reopen': method<SetupChecklist>()({ kind: 'write', input: none, access: 'settings.manage', summary: 'Show the set-up checklist on Today again, even when every step is done.' }),
  'setup.confirmRates': method<SetupChecklist>()({ kind: 'write',
    input: z.object({ confirm: z.literal(true, { error: 'Please confirm the rates and limits are right for your college.' }) }),
    access: 'settings.manage',
    summary: 'A manager has checked the mileage rates, involvement rates and benefit limits and they are right for the college.',
  }),
  'help.rules': method<RuleTexts>()({ kind: 'read', input: none, access: 'signedIn', summary: 'The college’s rules (completion, the mileage tier, small-number suppression) in plain words, with today’s numbers.' }),
} satisfies Record<string, MethodSpec>;
