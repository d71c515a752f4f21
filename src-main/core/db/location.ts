// Refuses database locations that SQLite cannot be trusted on: network shares and cloud-synced folders (BRIEF.md).
// The decision (`unsafeLocationReason`) is a pure function of the path and a few facts about the machine, so it can be
// tested for Windows on Linux; `machineFacts()` gathers the real facts.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
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
  'sharepoint',
];

const NETWORK_FILESYSTEMS = new Set(['nfs', 'nfs4', 'cifs', 'smb3', 'smbfs', 'fuse.sshfs', 'afs', '9p', 'fuse.rclone', 'davfs', 'fuse.davfs2', 'ncpfs', 'glusterfs', 'ceph', 'fuse.gvfsd-fuse']);

export const NETWORK_EXPLANATION =
  'Recovery College Desk keeps its database on this computer’s own disk, because a database file on a network drive or a synced folder (OneDrive, Dropbox, a shared drive) can be silently damaged when two computers or the sync service touch it at once. ' +
  'Please choose a folder on this computer’s local disk. If several desks need to share one database, that needs a database server — please ask your IT team.';

/** What the decision needs to know about this machine. Every field is optional: tests inject only what they test. */
export interface MachineFacts {
  platform?: NodeJS.Platform;
  /** /proc/mounts text (Linux). */
  mounts?: string | null;
  /** Resolves symbolic links (and, on Windows, mapped drives to their `\\server\share` form where it can). */
  realpath?: (p: string) => string;
  /** Windows: drive letters (`Z:`) that are mapped network drives. */
  networkDrives?: readonly string[];
  /** Folders a sync client keeps in step with the cloud: OneDrive (personal and work) and SharePoint libraries. */
  syncedRoots?: readonly string[];
}

/** Returns why a path is unsafe for the database, or null when it looks local. */
export function unsafeLocationReason(dbPath: string, facts: MachineFacts | string | null = machineFacts()): string | null {
  const f: MachineFacts = typeof facts === 'string' || facts === null ? { mounts: facts } : facts;
  const win = (f.platform ?? process.platform) === 'win32' || /^[a-z]:[\\/]/i.test(dbPath) || dbPath.startsWith('\\\\');
  const p = win ? path.win32 : path.posix;
  const isUnc = (s: string) => /^(\\\\|\/\/)[^\\/?]+[\\/]/.test(s) && !/^(\\\\|\/\/)\?[\\/]/.test(s);
  const given = dbPath.startsWith('\\\\') || dbPath.startsWith('//') ? dbPath : p.resolve(dbPath);
  // Follow symbolic links (and junctions) first: a link into OneDrive or onto a network mount is as unsafe as the target.
  const resolved = resolveExisting(given, f.realpath, p);
  for (const candidate of unique([given, resolved])) {
    const shown = candidate === given ? dbPath : `${dbPath} (which leads to ${candidate})`;
    if (isUnc(candidate)) return `The database path ${shown} is on a network share. ${NETWORK_EXPLANATION}`;
    const drive = /^([a-z]:)/i.exec(candidate)?.[1]?.toUpperCase();
    if (drive && f.networkDrives?.some((d) => d.toUpperCase().replace(/[\\/]$/, '') === drive)) {
      return `The database path ${shown} is on ${drive}, a mapped network drive. ${NETWORK_EXPLANATION}`;
    }
    const lower = candidate.toLowerCase().replace(/\\/g, '/');
    const root = f.syncedRoots?.find((r) => {
      const rl = r.toLowerCase().replace(/\\/g, '/').replace(/\/$/, '');
      return rl.length > 3 && (lower === rl || lower.startsWith(`${rl}/`));
    });
    if (root) return `The database path ${shown} is inside a folder kept in sync with the cloud (${root}). ${NETWORK_EXPLANATION}`;
    const parts = lower.split('/');
    const synced = parts.find((part) => SYNCED_FOLDER_NAMES.some((name) => part === name || part.startsWith(`${name} -`) || part.startsWith(`${name}-`)));
    if (synced) return `The database path ${shown} is inside a synced folder (“${synced}”). ${NETWORK_EXPLANATION}`;
    if (f.mounts && !win) {
      const fsType = filesystemOf(candidate, f.mounts);
      if (fsType && NETWORK_FILESYSTEMS.has(fsType)) return `The database path ${shown} is on a network file system (${fsType}). ${NETWORK_EXPLANATION}`;
    }
  }
  return null;
}

/** realpath of the deepest part of `p` that exists, with the rest appended (the file itself may not exist yet). */
function resolveExisting(p: string, realpath: MachineFacts['realpath'], paths: typeof path.posix): string {
  if (!realpath) return p;
  let head = p;
  const tail: string[] = [];
  for (let i = 0; i < 64; i++) {
    try {
      const real = realpath(head);
      return tail.length ? paths.join(real, ...tail.reverse()) : real;
    } catch {
      const parent = paths.dirname(head);
      if (parent === head) return p;
      tail.push(paths.basename(head));
      head = parent;
    }
  }
  return p;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** The real facts about this machine (cheap: read once per open). */
export function machineFacts(): MachineFacts {
  const platform = process.platform;
  const facts: MachineFacts = { platform, realpath: (q) => realpathSync.native(q) };
  if (platform === 'win32') {
    facts.networkDrives = windowsNetworkDrives();
    facts.syncedRoots = windowsSyncedRoots();
  } else {
    facts.mounts = readMounts();
  }
  return facts;
}

function readMounts(): string | null {
  try {
    return existsSync('/proc/mounts') ? readFileSync('/proc/mounts', 'utf8') : null;
  } catch {
    return null;
  }
}

/** `net use` lists mapped drives ("OK  Z:  \\server\share"). */
function windowsNetworkDrives(): string[] {
  try {
    return parseNetUse(execFileSync('net', ['use'], { encoding: 'utf8', timeout: 3000, windowsHide: true }));
  } catch {
    return [];
  }
}

export function parseNetUse(text: string): string[] {
  return [...text.matchAll(/^\S*\s+([A-Z]:)\s+\\\\/gim)].map((m) => m[1].toUpperCase());
}

/** OneDrive's own folders (environment) and every SharePoint library it syncs (its registry list of mount points). */
function windowsSyncedRoots(): string[] {
  const roots = ['OneDrive', 'OneDriveCommercial', 'OneDriveConsumer'].map((k) => process.env[k]).filter((v): v is string => !!v);
  try {
    const out = execFileSync('reg', ['query', 'HKCU\\Software\\SyncEngines\\Providers\\OneDrive', '/s', '/v', 'MountPoint'], { encoding: 'utf8', timeout: 3000, windowsHide: true });
    roots.push(...parseRegMountPoints(out));
  } catch {
    // No OneDrive installed: nothing synced.
  }
  return roots;
}

export function parseRegMountPoints(text: string): string[] {
  return [...text.matchAll(/MountPoint\s+REG_SZ\s+(.+?)\s*$/gim)].map((m) => m[1]);
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
