// Password hashing with scrypt at an OWASP-recommended cost (N=2^15, r=8, p=3), salted, compared in constant time.
// OWASP lists N=2^17/p=1 and N=2^15/p=3 as equal in strength; the latter needs a 32 MB work area instead of 128 MB,
// which keeps the desktop app's memory low on shared office PCs.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export type PasswordCost = 'standard' | 'fast';

const COSTS: Record<PasswordCost, { logN: number; r: number; p: number }> = {
  standard: { logN: 15, r: 8, p: 3 },
  // Only for the test suite, which creates hundreds of accounts; never selectable from the app.
  fast: { logN: 10, r: 8, p: 1 },
};
const KEY_LENGTH = 64;

function scrypt(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$logN$r$p$salt$hash` (base64 parts), so the cost can rise later without breaking old hashes. */
export async function hashPassword(password: string, cost: PasswordCost = 'standard'): Promise<string> {
  const { logN, r, p } = COSTS[cost];
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, logN, r, p);
  return ['scrypt', logN, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), Number(logN), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash to verify against when the username does not exist, at the same cost as a real one, so an unknown username
 * takes as long as a wrong password. Built from fixed bytes (no password hashes to it), so it needs no start-up work.
 */
export function dummyHash(cost: PasswordCost): string {
  const { logN, r, p } = COSTS[cost];
  return ['scrypt', logN, r, p, Buffer.alloc(16, 7).toString('base64'), Buffer.alloc(KEY_LENGTH, 9).toString('base64')].join('$');
}
