// `npm run web` rebuilds only when a source changed: the fingerprint of the build's inputs.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inputFingerprint } from '../../scripts/build-if-stale.mjs';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run web', () => {
  it('sees the build as current until a source file changes', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rcd-stale-'));
    mkdirSync(path.join(dir, 'src-renderer/students'), { recursive: true });
    writeFileSync(path.join(dir, 'src-renderer/students/StudentPage.tsx'), 'export {};');
    writeFileSync(path.join(dir, 'package.json'), '{}');
    const first = inputFingerprint(dir);
    expect(inputFingerprint(dir)).toBe(first);
    // Output and data folders are not inputs.
    mkdirSync(path.join(dir, 'out/renderer'), { recursive: true });
    writeFileSync(path.join(dir, 'out/renderer/index.html'), '<html>');
    expect(inputFingerprint(dir)).toBe(first);
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(dir, 'src-renderer/students/StudentPage.tsx'), later, later);
    expect(inputFingerprint(dir)).not.toBe(first);
  });
});
