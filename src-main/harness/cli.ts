// `npm run web`: try the app in a browser where Electron cannot run. Loopback only; prints a one-time address
// (press Enter for another). PORT=… chooses the port (default 5174), RCD_DATA_DIR=… the data folder (default .data),
// RCD_SERVER_URL=postgres://… the college's server instead of the data folder's own file (several harnesses on one
// server are several desks).
import path from 'node:path';
import { startHarness } from './server';

const dataDir = path.resolve(process.env.RCD_DATA_DIR ?? '.data');
const port = Number(process.env.PORT ?? 5174);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number (0–65535); it is "${process.env.PORT}".`);
  process.exit(2);
}

let harness: Awaited<ReturnType<typeof startHarness>>;
try {
  const server = process.env.RCD_SERVER_URL ? { connection: process.env.RCD_SERVER_URL, migrate: true } : undefined;
  harness = await startHarness({ core: { dataDir, demo: true, server }, rendererDir: path.resolve('out/renderer'), port });
} catch (e) {
  const text = e instanceof Error ? e.message : String(e);
  console.error(/EADDRINUSE/.test(text) ? `Port ${port} is already in use. Stop what uses it, or choose another: PORT=5175 npm run web` : `The harness could not start: ${text}`);
  process.exit(1);
}
console.log(`Recovery College Desk (browser harness) is running.
Open this address in a browser on this computer (it works once, for 15 minutes):

  ${harness.loginUrl}

Press Enter for another address. Data folder: ${dataDir}
Press Ctrl+C to stop.`);
process.stdin.on('data', () => console.log(`\n  ${harness.newLoginUrl()}\n`));
const stop = async () => {
  await harness.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
