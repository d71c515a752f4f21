// The browser harness as an attacker on the same computer would try it: login keys work once and expire, only sessions the
// server issued are accepted, idle sessions end, the page gets the desktop's CSP as a header, and a broken address is a 400.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../src-main/contract/csp';
import { startHarness, type Harness } from '../../src-main/harness/server';

let dir: string;
let harness: Harness;
let clock = 1_000_000;
const LOGIN_TTL = 60_000;
const IDLE = 10 * 60_000;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-harness-'));
  const renderer = path.join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><html lang="en-GB"><head><title>desk</title></head><body></body></html>');
  harness = await startHarness({
    core: { dataDir: path.join(dir, 'data'), passwordCost: 'fast', allowAnyLocation: true },
    rendererDir: renderer,
    loginTtlMs: LOGIN_TTL,
    sessionIdleMs: IDLE,
    now: () => clock,
  });
});
afterAll(async () => {
  await harness?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Exchanges a login address for the session cookie the server sets (or null when refused). */
async function login(url: string): Promise<{ status: number; cookie: string | null; body: string; type: string | null }> {
  const res = await fetch(url, { redirect: 'manual' });
  const set = res.headers.get('set-cookie');
  return { status: res.status, cookie: set ? set.split(';')[0] : null, body: await res.text(), type: res.headers.get('content-type') };
}

const get = (p: string, cookie?: string) => fetch(`${harness.origin}${p}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
const apiCall = (cookie: string) =>
  fetch(`${harness.origin}/__api/call`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ method: 'auth.status', input: {} }) });

describe('browser harness hardening', () => {
  it('a login address works once; the second use is refused with a readable page', async () => {
    const url = harness.newLoginUrl();
    const first = await login(url);
    expect(first.status).toBe(302);
    expect(first.cookie).toMatch(/^rcd_session=[0-9a-f]{48}$/);
    const again = await login(url);
    expect(again.status).toBe(403);
    expect(again.cookie).toBeNull();
    expect(again.type).toMatch(/^text\/html/);
    expect(again.body).toMatch(/<h1>That address has already been used<\/h1>/);
    expect(again.body).toContain('<html lang="en-GB">');
  });

  it('a login address that was not used in time has expired', async () => {
    const url = harness.newLoginUrl();
    clock += LOGIN_TTL + 1;
    expect((await login(url)).status).toBe(403);
  });

  it('only a session the server issued is accepted: a made-up cookie is refused', async () => {
    const made = `rcd_session=${'a'.repeat(48)}`;
    const page = await get('/', made);
    expect(page.status).toBe(403);
    expect(await page.text()).toMatch(/<h1>Please open the address from the terminal<\/h1>/);
    expect((await apiCall(made)).status).toBe(403);
    expect((await get('/')).status).toBe(403);

    const { cookie } = await login(harness.newLoginUrl());
    const call = await apiCall(cookie!);
    expect(call.status).toBe(200);
    expect(await call.json()).toMatchObject({ ok: true, value: { needsSetup: true } });
  });

  it('a session nobody has used for the idle time has ended', async () => {
    const { cookie } = await login(harness.newLoginUrl());
    clock += IDLE - 1;
    expect((await get('/', cookie!)).status).toBe(200); // used just in time: the idle clock restarts
    clock += IDLE - 1;
    expect((await get('/', cookie!)).status).toBe(200);
    clock += IDLE + 1;
    const expired = await get('/', cookie!);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/ended after a long time unused/);
  });

  it('serves the page with the desktop’s Content Security Policy as a header', async () => {
    const { cookie } = await login(harness.newLoginUrl());
    const page = await get('/', cookie!);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY_HEADER);
    expect(await page.text()).toContain('<script src="/__harness/bridge.js"></script>');
  });

  it('a malformed escape in the address is a 400, not a server error', async () => {
    const { cookie } = await login(harness.newLoginUrl());
    const bad = await get('/assets/%E0%A4%A.js', cookie!);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await bad.text()).toMatch(/<h1>That address is not valid<\/h1>/);
    expect((await get('/%', cookie!)).status).toBe(400);
  });

  it('sending to a page (not opening it) is refused with a readable page', async () => {
    const { cookie } = await login(harness.newLoginUrl());
    const sent = await fetch(`${harness.origin}/`, { method: 'POST', headers: { cookie: cookie!, 'content-type': 'text/plain' }, body: 'hello', redirect: 'manual' });
    expect(sent.status).toBe(405);
    expect(sent.headers.get('content-type')).toMatch(/^text\/html/);
    expect(sent.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY_HEADER);
    const body = await sent.text();
    expect(body).toMatch(/<h1>That cannot be done here<\/h1>/);
    expect(body).toContain('<html lang="en-GB">');
    // The bridge's own calls still get JSON.
    const api = await fetch(`${harness.origin}/__api/call`, { headers: { cookie: cookie! } });
    expect(api.status).toBe(405);
    expect(api.headers.get('content-type')).toMatch(/json/);
  });

  it('refuses another Host header (DNS rebinding) with a readable page', async () => {
    const { request } = await import('node:http');
    const { port } = new URL(harness.origin);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/', headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});
