// Whether the disk holding the database is encrypted, as far as the operating system will say: LUKS (dm-crypt) on
// Linux, BitLocker on Windows, FileVault on macOS. When it cannot tell, the answer is "not known" and a manager confirms.
import { execFile } from 'node:child_process';
import path from 'node:path';

export interface DiskEncryptionProbe {
  status: 'encrypted' | 'not-encrypted' | 'not-known';
  /** In plain words: what was asked and what it said. */
  detail: string;
}

const TIMEOUT_MS = 5000;

function run(command: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: TIMEOUT_MS, windowsHide: true, encoding: 'utf8' }, (error, stdout) => resolve(error ? null : stdout));
  });
}

interface LsblkNode {
  name?: string;
  type?: string;
  children?: LsblkNode[];
}

/** Reads `lsblk -J -s` (a device with its ancestors as children): is any of them a dm-crypt (LUKS) device? */
export function lsblkHasCrypt(json: string): boolean | null {
  let parsed: { blockdevices?: LsblkNode[] };
  try {
    parsed = JSON.parse(json) as { blockdevices?: LsblkNode[] };
  } catch {
    return null;
  }
  if (!parsed.blockdevices?.length) return null;
  const walk = (n: LsblkNode): boolean => n.type === 'crypt' || (n.children ?? []).some(walk);
  return parsed.blockdevices.some(walk);
}

/** Reads `manage-bde -status X:`. */
export function bitLockerStatus(output: string): DiskEncryptionProbe['status'] {
  if (/Protection Status:\s*Protection On/i.test(output)) return 'encrypted';
  if (/Conversion Status:\s*Fully Decrypted/i.test(output)) return 'not-encrypted';
  return 'not-known';
}

async function linux(folder: string): Promise<DiskEncryptionProbe> {
  const source = (await run('findmnt', ['-n', '-o', 'SOURCE', '-T', folder]))?.trim().replace(/\[.*\]$/, '');
  if (!source || !source.startsWith('/dev/')) {
    return { status: 'not-known', detail: `The folder ${folder} is not on a disk the system describes (${source || 'no answer from findmnt'}).` };
  }
  const tree = await run('lsblk', ['-J', '-s', '-o', 'NAME,TYPE', source]);
  const crypt = tree === null ? null : lsblkHasCrypt(tree);
  if (crypt === true) return { status: 'encrypted', detail: `The database is on ${source}, which is encrypted with LUKS (lsblk).` };
  if (crypt === false) {
    return { status: 'not-known', detail: `No LUKS encryption was found under ${source}; another kind of encryption may still be in use.` };
  }
  return { status: 'not-known', detail: `The system did not say how ${source} is stored (lsblk).` };
}

async function windows(folder: string): Promise<DiskEncryptionProbe> {
  const drive = path.win32.parse(path.win32.resolve(folder)).root.slice(0, 2);
  const out = await run('manage-bde', ['-status', drive]);
  if (out === null) return { status: 'not-known', detail: `Windows did not say whether BitLocker protects ${drive} (manage-bde needs administrator rights).` };
  const status = bitLockerStatus(out);
  const words = { encrypted: 'is protected by BitLocker', 'not-encrypted': 'is not encrypted by BitLocker', 'not-known': 'has an unclear BitLocker status' }[status];
  return { status, detail: `Drive ${drive} ${words} (manage-bde).` };
}

async function mac(): Promise<DiskEncryptionProbe> {
  const out = await run('fdesetup', ['status']);
  if (out && /FileVault is On/i.test(out)) return { status: 'encrypted', detail: 'FileVault is on (fdesetup).' };
  if (out && /FileVault is Off/i.test(out)) return { status: 'not-encrypted', detail: 'FileVault is off (fdesetup).' };
  return { status: 'not-known', detail: 'macOS did not say whether FileVault is on.' };
}

/** The default probe: asks this computer's operating system. Never throws. */
export async function probeDiskEncryption(folder: string): Promise<DiskEncryptionProbe> {
  try {
    if (process.platform === 'linux') return await linux(folder);
    if (process.platform === 'win32') return await windows(folder);
    if (process.platform === 'darwin') return await mac();
  } catch {
    // fall through
  }
  return { status: 'not-known', detail: 'This computer’s system did not say whether its disk is encrypted.' };
}
