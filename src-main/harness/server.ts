// The browser harness: serves the built renderer and the same API contract over loopback HTTP against the real core,
// so the renderer runs in Chromium exactly as in Electron. For tests and `npm run web`; never part of the desktop build.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Core, type CoreOptions } from '../core/api/core';

export interface HarnessOptions {
  core: CoreOptions;
  /** The built renderer (electron-vite's `out/renderer`). */
  rendererDir: string;
  port?: number;
}

export interface Harness {
  /** Open this in the browser: it sets the session cookie and redirects to the app. */
  loginUrl: string;
  origin: string;
  core: Core;
  close(): Promise<void>;
}

const TOKEN_COOKIE = 'rcd_token';
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

/** What `window.desk` is in the browser: the same shape the preload exposes in Electron (contract/bridge.ts). */
const BRIDGE_JS = `(() => {
  const post = async (method, input) => {
    const res = await fetch('/__api/call', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method, input }) });
    if (!res.ok) return { ok: false, error: { code: 'INTERNAL', message: 'The test harness refused the request (' + res.status + '). Please reopen the address printed in the terminal.' } };
    return res.json();
  };
  const saveFile = async ({ suggestedName, mimeType, base64 }) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
    const a = document.createElement('a');
    a.href = url; a.download = suggestedName; document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    return { saved: true };
  };
  const openExternal = async (url) => { if (/^https:/.test(url)) window.open(url, '_blank', 'noopener'); };
  Object.defineProperty(window, 'desk', { value: Object.freeze({ host: 'harness', call: post, saveFile, openExternal }) });
})();`;

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const indexFile = path.join(options.rendererDir, 'index.html');
  if (!existsSync(indexFile)) {
    throw new Error(`The renderer has not been built (${indexFile} is missing). Run "npm run build" first.`);
  }
  const core = await Core.open(options.core);
  const token = randomBytes(24).toString('hex');
  let origin = '';

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      console.error('[harness]', e instanceof Error ? e.message : e);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'The harness hit an error.');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    // Only our own loopback origin: defeats DNS rebinding.
    const host = req.headers.host ?? '';
    if (host !== new URL(origin).host && host !== new URL(origin).host.replace('127.0.0.1', 'localhost')) {
      return send(res, 403, 'text/plain; charset=utf-8', 'Wrong host.');
    }
    const cookies = parseCookies(req.headers.cookie);
    if (url.pathname === '/__login') {
      if (!sameSecret(url.searchParams.get('token') ?? '', token)) return send(res, 403, 'text/plain; charset=utf-8', 'That link is out of date. Please use the address printed in the terminal.');
      const session = randomBytes(16).toString('hex');
      res.writeHead(302, {
        'set-cookie': [`${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`, `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`],
        location: '/',
      });
      return void res.end();
    }
    if (!sameSecret(cookies[TOKEN_COOKIE] ?? '', token) || !cookies[SESSION_COOKIE]) {
      return send(res, 403, 'text/plain; charset=utf-8', 'Please open the address printed in the terminal (it carries a one-time key).');
    }
    const sessionKey = `web:${cookies[SESSION_COOKIE]}`;

    if (url.pathname === '/__api/call' && req.method === 'POST') {
      if (req.headers.origin && req.headers.origin !== origin) return send(res, 403, 'text/plain; charset=utf-8', 'Cross-origin call refused.');
      const body = await readBody(req);
      let parsed: { method?: unknown; input?: unknown };
      try {
        parsed = JSON.parse(body) as typeof parsed;
      } catch {
        return send(res, 400, 'text/plain; charset=utf-8', 'Bad JSON.');
      }
      const result = await core.call(sessionKey, parsed.method, parsed.input);
      return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(result));
    }
    if (url.pathname === '/__harness/bridge.js') return send(res, 200, MIME['.js'], BRIDGE_JS);
    if (req.method !== 'GET') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed.');

    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(options.rendererDir, rel);
    if (!file.startsWith(path.resolve(options.rendererDir) + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      return send(res, 404, 'text/plain; charset=utf-8', 'Not found.');
    }
    if (rel === 'index.html') {
      // The bridge must run before the app's own scripts.
      const html = readFileSync(file, 'utf8').replace('<head>', '<head>\n    <script src="/__harness/bridge.js"></script>');
      return send(res, 200, MIME['.html'], html);
    }
    return send(res, 200, MIME[path.extname(file)] ?? 'application/octet-stream', readFileSync(file));
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    loginUrl: `${origin}/__login?token=${token}`,
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
  });
  res.end(body);
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
