// Types for build-if-stale.mjs (used by test/scripts).
export function inputFingerprint(base?: string): string;
