// What a new password must be (NCSC): long, and not easy to guess — not one of the 10,000 most common passwords, not
// the username, not the college's name. No composition rules (no "one capital, one symbol"): they make passwords
// harder to remember without making them harder to guess.
import { validationError } from '../../contract/errors';
import type { Db } from '../api/handlers';
import { readSettings } from '../settings/settings';

/** How many of the list's most common passwords are refused. */
export const COMMON_PASSWORDS_CHECKED = 10_000;

let common: Promise<Set<string>> | null = null;
/**
 * The 10,000 most common passwords, most common first, from the zxcvbn-ts project's list (MIT; drawn from leaked
 * password sets). Loaded on first use so start-up stays quick.
 */
function commonPasswords(): Promise<Set<string>> {
  common ??= import('@zxcvbn-ts/language-common').then(({ dictionary }) => new Set(dictionary['passwords-common'].slice(0, COMMON_PASSWORDS_CHECKED)));
  return common;
}

/** Lower case, letters and digits only: "Recovery College!" and "recoverycollege" are the same guess. */
function squash(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** The plain-English reason a password is too easy to guess, or null if it is fine. */
export async function passwordWeakness(password: string, about: { username?: string; collegeName: string }): Promise<string | null> {
  const list = await commonPasswords();
  const lower = password.normalize('NFKC').toLowerCase();
  const squashed = squash(password);
  // A common password with spaces, capitals, or digits and symbols around it is still the same guess ("Password123!").
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  if (list.has(lower) || list.has(squashed) || list.has(core) || list.has(lower.replace(/\s+/g, ''))) {
    return 'That password is one of the most commonly used, so it is easy to guess. A few unrelated words together make a strong password that is easy to remember.';
  }
  const username = about.username ? squash(about.username) : '';
  if (username.length >= 3 && squashed.includes(username)) {
    return 'Please choose a password that does not include the username: it is the first thing someone would try.';
  }
  const college = squash(about.collegeName);
  if (college.length >= 3 && squashed.includes(college)) {
    return 'Please choose a password that does not include the college’s name: it is one of the first things someone would try.';
  }
  return null;
}

/** Refuses a weak new password with a message on the given field. Call before hashing it. */
export async function assertStrongPassword(db: Db, password: string, field: string, username?: string): Promise<void> {
  const { collegeName } = await readSettings(db);
  const weakness = await passwordWeakness(password, { username, collegeName });
  if (weakness) throw validationError({ [field]: weakness });
}
