// The renderer's own scheme, app://desk/…: the built renderer's files with the CSP as a response header (file:// has no
// headers, and grants the page a whole-disk origin). Plain Node (a Web Response), so it is tested without Electron.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY_HEADER } from '../contract/csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** What Electron must know about the scheme before the app is ready (protocol.registerSchemesAsPrivileged). */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY_HEADER,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** Answers one app:// request from `rendererDir`: only that folder's files, only GET, only our host. */
export async function appProtocolResponse(requestUrl: string, method: string, rendererDir: string): Promise<Response> {
  const refuse = (status: number, text: string) => new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS } });
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return refuse(400, 'Bad address.');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refuse(404, 'Not found.');
  if (method !== 'GET' && method !== 'HEAD') return refuse(405, 'Method not allowed.');
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
  } catch {
    return refuse(400, 'Bad address.');
  }
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, rel);
  if (!file.startsWith(root + path.sep)) return refuse(404, 'Not found.');
  try {
    const body = await readFile(file);
    return new Response(method === 'HEAD' ? null : body, {
      status: 200,
      headers: { 'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream', 'cache-control': 'no-cache', ...SECURITY_HEADERS },
    });
  } catch {
    return refuse(404, 'Not found.');
  }
}
