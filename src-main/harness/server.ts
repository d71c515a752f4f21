// The browser harness: serves the built renderer and the same API contract over loopback HTTP, with the core in its own
// Node process on the same message protocol as the desktop's utilityProcess — so the renderer runs in Chromium as in
// Electron, across a real process boundary. For tests and `npm run web`; never part of the desktop build.
//
// Who may use it: a one-time login key (spent on first use, gone after `loginTtlMs`) is exchanged for a session cookie the
// server issued itself; a cookie it did not issue, or one idle for `sessionIdleMs`, is refused.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY_HEADER } from '../contract/csp';
import { CoreClient, type CoreClientOptions, type SpawnHost } from '../host/client';
import { forkNodeHost } from '../host/node-process';
import type { HostCoreOptions } from '../host/protocol';
import { BRIDGE_JS } from './bridge';
import { refusalPage } from './pages';

export interface HarnessOptions {
  core: HostCoreOptions;
  /** The built renderer (electron-vite's `out/renderer`). */
  rendererDir: string;
  port?: number;
  /** An unused login address stops working after this long (default 15 minutes). */
  loginTtlMs?: number;
  /** A browser session that has made no request for this long is ended (default 60 minutes). */
  sessionIdleMs?: number;
  /** The clock, for tests of expiry. */
  now?: () => number;
  /** How the core's process is started (default: a Node child process). */
  spawn?: SpawnHost;
  onCrash?: CoreClientOptions['onCrash'];
}

export interface Harness {
  /** A first one-time address: opening it sets the session cookie and redirects to the app. */
  loginUrl: string;
  /** Another one-time address (each works once), e.g. for a second browser window. */
  newLoginUrl(): string;
  origin: string;
  /** The core, in its own process. */
  core: CoreClient;
  close(): Promise<void>;
}

const SESSION_COOKIE = 'rcd_session';
const MAX_BODY = 20 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};
const HTML = MIME['.html'];
const JSON_TYPE = 'application/json; charset=utf-8';

class BadRequest extends Error {}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const indexFile = path.join(options.rendererDir, 'index.html');
  if (!existsSync(indexFile)) {
    throw new Error(`The renderer has not been built (${indexFile} is missing). Run "npm run build" first.`);
  }
  const now = options.now ?? Date.now;
  const loginTtl = options.loginTtlMs ?? 15 * 60_000;
  const sessionIdle = options.sessionIdleMs ?? 60 * 60_000;
  // The harness has no OS key store: a college server's password is kept in the core's memory (tests and trying out only).
  const core = await CoreClient.start(options.spawn ?? (() => forkNodeHost()), { credentials: 'memory-for-tests', ...options.core }, {
    onCrash: (report) => {
      console.error(
        report.restarted
          ? '[harness] The core process stopped unexpectedly and was restarted; people signed in must sign in again.'
          : '[harness] The core process stopped and could not be restarted. Please stop the harness and start it again.',
      );
      options.onCrash?.(report);
    },
  });
  const logins = new Map<string, number>(); // one-time key → issued at
  const sessions = new Map<string, number>(); // session id → last request
  let origin = '';

  const mintLogin = () => {
    const key = randomBytes(24).toString('hex');
    logins.set(key, now());
    return `${origin}/__login?token=${key}`;
  };
  const spendLogin = (given: string): boolean => {
    for (const [key, issued] of logins) {
      if (now() - issued > loginTtl) {
        logins.delete(key);
        continue;
      }
      if (sameSecret(given, key)) {
        logins.delete(key);
        return true;
      }
    }
    return false;
  };
  const liveSession = (id: string | undefined): string | null => {
    if (!id) return null;
    for (const [sid, last] of sessions) {
      if (now() - last > sessionIdle) {
        sessions.delete(sid);
        core.endSession(`web:${sid}`);
      }
    }
    const known = [...sessions.keys()].find((sid) => sameSecret(id, sid));
    if (!known) return null;
    sessions.set(known, now());
    return known;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (e instanceof BadRequest) {
        if (!res.headersSent) refuse(req, res, 400, 'That address is not valid', 'The address has a mistake in it. Please check it, or go back to the app’s start page.');
        return;
      }
      console.error('[harness]', e instanceof Error ? e.message : e);
      if (!res.headersSent) refuse(req, res, 500, 'Something went wrong', 'The harness hit an error. Please try again; the terminal that runs it says more.');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    // Only our own loopback origin: defeats DNS rebinding.
    const host = req.headers.host ?? '';
    const ours = new URL(origin).host;
    if (host !== ours && host !== ours.replace('127.0.0.1', 'localhost')) {
      return refuse(req, res, 403, 'Wrong address', `Please open the app at ${origin}.`);
    }
    if (url.pathname === '/__login') {
      if (!spendLogin(url.searchParams.get('token') ?? '')) {
        return refuse(
          req,
          res,
          403,
          'That address has already been used',
          'Each address printed in the terminal works once, for a short time. Press Enter in the terminal that runs “npm run web” for a new one.',
        );
      }
      const session = randomBytes(24).toString('hex');
      sessions.set(session, now());
      res.writeHead(302, { 'set-cookie': `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`, location: '/', 'cache-control': 'no-store' });
      return void res.end();
    }
    const session = liveSession(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
    if (!session) {
      return refuse(
        req,
        res,
        403,
        'Please open the address from the terminal',
        'This browser has no current session with the harness (or it ended after a long time unused). Press Enter in the terminal that runs “npm run web” for a new one-time address.',
      );
    }
    const sessionKey = `web:${session}`;

    if (url.pathname === '/__api/call' || url.pathname === '/__api/export') {
      if (req.method !== 'POST') return send(res, 405, JSON_TYPE, JSON.stringify({ message: 'Method not allowed.' }));
      if (req.headers.origin && req.headers.origin !== origin) return send(res, 403, JSON_TYPE, JSON.stringify({ message: 'Cross-origin call refused.' }));
      const body = await readBody(req);
      let parsed: { method?: unknown; input?: unknown };
      try {
        parsed = JSON.parse(body) as typeof parsed;
      } catch {
        return send(res, 400, JSON_TYPE, JSON.stringify({ message: 'Bad JSON.' }));
      }
      if (url.pathname === '/__api/call') return send(res, 200, JSON_TYPE, JSON.stringify(await core.call(sessionKey, parsed.method, parsed.input)));
      const r = await core.export(sessionKey, String(parsed.method), parsed.input);
      const answer = r.ok ? { ok: true, value: { token: r.value.file.token, fileName: r.value.file.suggestedName, info: r.value.rest } } : r;
      return send(res, 200, JSON_TYPE, JSON.stringify(answer));
    }
    const download = /^\/__api\/download\/([0-9a-f]{32})$/.exec(url.pathname);
    if (download && req.method === 'GET') {
      let file: Awaited<ReturnType<CoreClient['takeFile']>>;
      try {
        file = await core.takeFile(sessionKey, download[1]);
      } catch {
        return refuse(req, res, 404, 'That file is no longer ready', 'Please go back to the app and ask for the file again.');
      }
      res.writeHead(200, {
        'content-type': file.mimeType,
        'content-length': file.bytes.byteLength,
        'content-disposition': contentDisposition(file.suggestedName),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      return void res.end(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
    }
    if (url.pathname === '/__harness/bridge.js') return send(res, 200, MIME['.js'], BRIDGE_JS);
    if (req.method !== 'GET') {
      return refuse(req, res, 405, 'That cannot be done here', 'The app’s pages can only be opened, not sent to. Please go back to the app’s start page.');
    }

    let decoded: string;
    try {
      decoded = decodeURIComponent(url.pathname);
    } catch {
      throw new BadRequest();
    }
    const rel = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = path.resolve(options.rendererDir, rel);
    if (!file.startsWith(path.resolve(options.rendererDir) + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      return refuse(req, res, 404, 'Page not found', 'There is nothing at this address. Please go back to the app’s start page.');
    }
    if (rel === 'index.html') {
      // The bridge must run before the app's own scripts.
      const html = readFileSync(file, 'utf8').replace('<head>', '<head>\n    <script src="/__harness/bridge.js"></script>');
      return send(res, 200, HTML, html);
    }
    return send(res, 200, MIME[path.extname(file)] ?? 'application/octet-stream', readFileSync(file));
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    loginUrl: mintLogin(),
    newLoginUrl: mintLogin,
    core,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await core.close();
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': CONTENT_SECURITY_POLICY_HEADER,
  });
  res.end(body);
}

/** A refusal a person can read: a small HTML page for a browser, JSON for the bridge's own requests. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, title: string, message: string): void {
  if ((req.url ?? '').startsWith('/__api/')) return send(res, status, JSON_TYPE, JSON.stringify({ message }));
  send(res, status, HTML, refusalPage(title, message));
}

function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('Request too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
