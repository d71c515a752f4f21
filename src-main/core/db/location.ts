// Refuses database locations that SQLite cannot be trusted on: network shares and cloud-synced folders (BRIEF.md).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SYNCED_FOLDER_NAMES = [
  'onedrive',
  'dropbox',
  'google drive',
  'googledrive',
  'my drive',
  'icloud drive',
  'iclouddrive',
  'mobile documents',
  'box sync',
  'nextcloud',
  'owncloud',
  'sync.com',
  'megasync',
  'pcloud',
];

const NETWORK_FILESYSTEMS = new Set(['nfs', 'nfs4', 'cifs', 'smb3', 'smbfs', 'fuse.sshfs', 'afs', '9p', 'fuse.rclone', 'davfs', 'fuse.davfs2', 'ncpfs', 'glusterfs', 'ceph', 'fuse.gvfsd-fuse']);

export const NETWORK_EXPLANATION =
  'Recovery College Desk keeps its database on this computer’s own disk, because a database file on a network drive or a synced folder (OneDrive, Dropbox, a shared drive) can be silently damaged when two computers or the sync service touch it at once. ' +
  'Please choose a folder on this computer’s local disk. If several desks need to share one database, that needs a database server — please ask your IT team.';

/** Returns why a path is unsafe for the database, or null when it looks local. */
export function unsafeLocationReason(dbPath: string, mounts: string | null = readMounts()): string | null {
  const resolved = dbPath.startsWith('\\\\') || dbPath.startsWith('//') ? dbPath : path.resolve(dbPath);
  if (/^(\\\\|\/\/)[^\\/]+[\\/]/.test(resolved)) {
    return `The database path ${dbPath} is on a network share. ${NETWORK_EXPLANATION}`;
  }
  const parts = resolved.toLowerCase().split(/[\\/]+/);
  const synced = parts.find((p) => SYNCED_FOLDER_NAMES.some((name) => p === name || p.startsWith(`${name} -`) || p.startsWith(`${name}-`)));
  if (synced) {
    return `The database path ${dbPath} is inside a synced folder (“${synced}”). ${NETWORK_EXPLANATION}`;
  }
  if (mounts) {
    const fsType = filesystemOf(resolved, mounts);
    if (fsType && NETWORK_FILESYSTEMS.has(fsType)) {
      return `The database path ${dbPath} is on a network file system (${fsType}). ${NETWORK_EXPLANATION}`;
    }
  }
  return null;
}

function readMounts(): string | null {
  try {
    return existsSync('/proc/mounts') ? readFileSync('/proc/mounts', 'utf8') : null;
  } catch {
    return null;
  }
}

/** The file-system type of the longest mount point containing `p`, from /proc/mounts text. */
export function filesystemOf(p: string, mounts: string): string | null {
  let best: { point: string; type: string } | null = null;
  for (const line of mounts.split('\n')) {
    const [, point, type] = line.split(' ');
    if (!point || !type) continue;
    const mountPoint = point.replace(/\\040/g, ' ');
    const inside = mountPoint === '/' || p === mountPoint || p.startsWith(`${mountPoint}/`);
    if (inside && (!best || mountPoint.length > best.point.length)) best = { point: mountPoint, type };
  }
  return best?.type ?? null;
}
