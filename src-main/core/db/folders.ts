// Folders the app creates for its data and backups are private to the person using it (0700; user-only ACL on Windows).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** Creates `dir` (and missing parents) readable only by this user. A folder that already exists is left as it is. */
export function makePrivateFolder(dir: string): void {
  const resolved = path.resolve(dir);
  if (existsSync(resolved)) return;
  mkdirSync(resolved, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') restrictToUser(resolved);
}

/** Windows: drop inherited permissions and grant only the current user full control. */
function restrictToUser(dir: string): void {
  const user = process.env.USERNAME;
  if (!user) return;
  try {
    execFileSync('icacls', [dir, '/inheritance:r', '/grant:r', `${process.env.USERDOMAIN ? `${process.env.USERDOMAIN}\\` : ''}${user}:(OI)(CI)F`], { windowsHide: true, timeout: 5000, stdio: 'ignore' });
  } catch (e) {
    console.error('[db] could not make the folder private to this user:', (e as Error).message);
  }
}
