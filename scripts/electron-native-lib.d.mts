// Types for electron-native-lib.mjs (used by test/scripts).
export function nativeDirName(electronVersion: string, platform: string, arch: string): string;
export function nativeBindingRelativePath(electronVersion: string, platform: string, arch: string): string;
export function cleanBuildEnv(env: Record<string, string | undefined>): Record<string, string>;
export function prebuildInstallArgs(electronVersion: string, platform: string, arch: string): string[];
export const ELECTRON_HEADERS_URL: string;
export function nodeGypArgs(electronVersion: string, arch: string): string[];
export function nodeGypCandidates(env: Record<string, string | undefined>, execPath: string): string[];
export type ElectronBinaryStatus = { ok: true; executable: string } | { ok: false; reason: string };
export function electronBinaryStatus(electronDir: string, exists?: (file: string) => boolean, read?: (file: string) => string): ElectronBinaryStatus;
export function firstProblemLine(output: string | undefined): string | undefined;
export function electronBinaryHelp(reason: string, detail?: string, logFile?: string): string;
export function nativeBuildHelp(electronVersion: string, problems: string[], logFile?: string): string;
