// Where the database may live: symbolic links are followed before the network/synced-folder checks; on Windows mapped
// network drives and SharePoint/OneDrive libraries are refused (decided from injected facts, so testable here).
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePrivateFolder } from '../../src-main/core/db/folders';
import { parseNetUse, parseRegMountPoints, unsafeLocationReason } from '../../src-main/core/db/location';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-location-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const realpath = (p: string) => realpathSync.native(p);

describe('following links', () => {
  it('refuses a database reached through a link into a synced folder', () => {
    const synced = path.join(dir, 'OneDrive - Southend NHS');
    mkdirSync(synced);
    symlinkSync(synced, path.join(dir, 'college-data'));
    const dbPath = path.join(dir, 'college-data', 'recovery-college.sqlite');
    expect(unsafeLocationReason(dbPath, { platform: 'linux', mounts: null })).toBeNull(); // the name alone looks harmless
    expect(unsafeLocationReason(dbPath, { platform: 'linux', mounts: null, realpath })).toMatch(/which leads to .*OneDrive - Southend NHS.*synced folder/);
  });

  it('refuses a link onto a network mount', () => {
    mkdirSync(path.join(dir, 'mnt'));
    symlinkSync(path.join(dir, 'mnt'), path.join(dir, 'data'));
    const mounts = `server:/export ${realpath(path.join(dir, 'mnt'))} nfs4 rw 0 0\n/dev/sda1 / ext4 rw 0 0\n`;
    expect(unsafeLocationReason(path.join(dir, 'data', 'db.sqlite'), { platform: 'linux', mounts, realpath })).toMatch(/network file system \(nfs4\)/);
  });
});

describe('Windows', () => {
  it('refuses a mapped network drive', () => {
    const facts = { platform: 'win32' as const, networkDrives: parseNetUse('Status       Local     Remote                    Network\r\n\r\nOK           Z:        \\\\fileserver\\college      Microsoft Windows Network\r\n') };
    expect(facts.networkDrives).toEqual(['Z:']);
    expect(unsafeLocationReason('Z:\\Desk\\recovery-college.sqlite', facts)).toMatch(/Z:, a mapped network drive/);
    expect(unsafeLocationReason('C:\\Users\\sam\\AppData\\Local\\recovery-college-desk\\recovery-college.sqlite', facts)).toBeNull();
  });

  it('refuses a drive letter that resolves to a network share', () => {
    const facts = { platform: 'win32' as const, realpath: (p: string) => p.replace(/^Y:/i, '\\\\nas\\share') };
    expect(unsafeLocationReason('Y:\\college.sqlite', facts)).toMatch(/network share/);
  });

  it('refuses a SharePoint library synced by OneDrive, even though its folder is named after the organisation', () => {
    const roots = parseRegMountPoints(
      'HKEY_CURRENT_USER\\Software\\SyncEngines\\Providers\\OneDrive\\abc\r\n    MountPoint    REG_SZ    C:\\Users\\sam\\Southend Recovery College\\Shared Documents - Desk\r\n',
    );
    expect(roots).toEqual(['C:\\Users\\sam\\Southend Recovery College\\Shared Documents - Desk']);
    const facts = { platform: 'win32' as const, syncedRoots: roots };
    expect(unsafeLocationReason('C:\\Users\\sam\\Southend Recovery College\\Shared Documents - Desk\\db.sqlite', facts)).toMatch(/kept in sync with the cloud/);
    expect(unsafeLocationReason('C:\\Users\\sam\\Southend Recovery College\\db.sqlite', facts)).toBeNull();
  });
});

describe('data folders', () => {
  it('are created private to the user (0700)', () => {
    const data = path.join(dir, 'new', 'data');
    makePrivateFolder(data);
    expect(statSync(data).mode & 0o777).toBe(0o700);
  });
});
