// The packaged app is loaded from file://, where only the <meta> CSP applies: it must match the shell's policy exactly.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-main/shell/security';

describe('renderer index.html', () => {
  const html = readFileSync('src-renderer/index.html', 'utf8');
  it('carries the shell’s Content Security Policy in its meta tag', () => {
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
    expect(meta?.[1]).toContain("script-src 'self'");
    expect(meta?.[1]).not.toContain('unsafe-eval');
  });
  it('declares British English for screen readers', () => {
    expect(html).toContain('<html lang="en-GB">');
  });
});
