// When the app looks for updates, and when it may install one: pure decisions, so every switch is tested without Electron.
// Updates come from a plain HTTPS feed the college or supplier hosts (electron-updater's "generic" provider). They are off
// unless a feed is configured, and IT can switch them off three ways; an update is installed only when the person agrees,
// after a back-up that was checked, and never while a register is open.

/** Where IT's Windows policy lives (Group Policy / Intune write it; the app only reads it). */
export const POLICY_KEY = 'HKLM\\SOFTWARE\\Policies\\RecoveryCollegeDesk';
export const POLICY_KEY_USER = 'HKCU\\SOFTWARE\\Policies\\RecoveryCollegeDesk';

export interface UpdatePolicy {
  /** DisableUpdates (REG_DWORD) = 1 */
  disableUpdates?: boolean;
  /** UpdateFeedUrl (REG_SZ) */
  feedUrl?: string;
}

export interface UpdateSwitches {
  isPackaged: boolean;
  argv: readonly string[];
  env: Partial<Record<string, string>>;
  /** Windows policy values (empty elsewhere). */
  policy: UpdatePolicy;
  /** The feed built into the installer (app-update.yml), if any. */
  builtInFeedUrl?: string;
}

export type UpdateSetting = { enabled: true; feedUrl: string; source: string } | { enabled: false; why: string };

const OFF_WORDS = new Set(['0', 'off', 'no', 'false', 'never', 'disabled']);

function argValue(argv: readonly string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  const hit = [...argv].reverse().find((a) => a.startsWith(prefix));
  return hit?.slice(prefix.length);
}

export function isHttpsUrl(url: string | undefined): url is string {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.hostname !== '' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** Whether to look for updates at all, and where. Any of IT's off switches wins over any feed. */
export function updateSetting(s: UpdateSwitches): UpdateSetting {
  if (!s.isPackaged) return { enabled: false, why: 'Updates are only for the installed app.' };
  if (s.argv.includes('--no-updates') || s.argv.includes('--disable-updates')) return { enabled: false, why: 'Switched off on the command line (--no-updates).' };
  const envSwitch = s.env.RCD_UPDATES?.trim().toLowerCase();
  if ((envSwitch && OFF_WORDS.has(envSwitch)) || s.env.RCD_DISABLE_UPDATES === '1') {
    return { enabled: false, why: 'Switched off by the RCD_UPDATES environment variable.' };
  }
  if (s.policy.disableUpdates) return { enabled: false, why: `Switched off by IT policy (${POLICY_KEY}\\DisableUpdates).` };
  const candidates: [string | undefined, string][] = [
    [argValue(s.argv, 'update-feed'), 'command line'],
    [s.env.RCD_UPDATE_FEED, 'RCD_UPDATE_FEED'],
    [s.policy.feedUrl, 'IT policy'],
    [s.builtInFeedUrl, 'installer'],
  ];
  for (const [url, source] of candidates) {
    if (url === undefined || url.trim() === '') continue;
    if (!isHttpsUrl(url.trim())) return { enabled: false, why: `The update address from the ${source} is not a secure (https://) address, so updates are off.` };
    return { enabled: true, feedUrl: url.trim(), source };
  }
  return { enabled: false, why: 'No update address is configured.' };
}

/** Reads `reg query` output (one key) into the policy values the app understands. */
export function parseRegQuery(stdout: string): UpdatePolicy {
  const policy: UpdatePolicy = {};
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^\s+(\S+)\s+(REG_DWORD|REG_SZ|REG_EXPAND_SZ)\s+(.*)$/.exec(line);
    if (!m) continue;
    const [, name, type, raw] = m;
    const value = raw.trim();
    if (name.toLowerCase() === 'disableupdates') policy.disableUpdates = type === 'REG_DWORD' ? Number.parseInt(value, 16) !== 0 : !OFF_WORDS.has(value.toLowerCase()) && value !== '';
    if (name.toLowerCase() === 'updatefeedurl' && type !== 'REG_DWORD') policy.feedUrl = value;
  }
  return policy;
}

/** Is the window on a register (a session's marks being taken)? Its address says: app://desk/index.html#/registers/sessions/12. */
export function isMidRegister(windowUrl: string | undefined): boolean {
  if (!windowUrl) return false;
  const hash = windowUrl.includes('#') ? windowUrl.slice(windowUrl.indexOf('#') + 1) : '';
  return /^\/registers\/sessions\/\d+/.test(hash);
}

export interface InstallState {
  /** An update has been downloaded and its signature/hash checked by electron-updater. */
  downloaded: boolean;
  /** The person said "Install now" (null: not asked yet). */
  agreed: boolean | null;
  midRegister: boolean;
  /** A back-up taken for this update and checked (opened read-only, integrity check passed). */
  backup: 'none' | 'verified' | 'failed';
}

export type InstallDecision =
  | { action: 'install' }
  | { action: 'ask' }
  | { action: 'wait'; reason: 'nothing-downloaded' | 'declined' | 'mid-register' }
  | { action: 'back-up' }
  | { action: 'refuse'; reason: 'backup-failed' };

/** The next step towards installing an update. Installing comes only after agreement, outside a register, after a verified back-up. */
export function nextInstallStep(s: InstallState): InstallDecision {
  if (!s.downloaded) return { action: 'wait', reason: 'nothing-downloaded' };
  if (s.agreed === null) return { action: 'ask' };
  if (!s.agreed) return { action: 'wait', reason: 'declined' };
  if (s.midRegister) return { action: 'wait', reason: 'mid-register' };
  if (s.backup === 'failed') return { action: 'refuse', reason: 'backup-failed' };
  if (s.backup === 'none') return { action: 'back-up' };
  return { action: 'install' };
}
