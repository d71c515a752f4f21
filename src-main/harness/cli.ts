// `npm run web`: try the app in a browser where Electron cannot run. Loopback only; prints a one-time address.
import path from 'node:path';
import { fillDemoDatabase } from '../core/demo/generate';
import { startHarness } from './server';

const dataDir = path.resolve(process.env.RCD_DATA_DIR ?? '.data');
const port = Number(process.env.PORT ?? 5174);

const harness = await startHarness({
  core: { dataDir, fillDemo: fillDemoDatabase },
  rendererDir: path.resolve('out/renderer'),
  port,
});
console.log(`Recovery College Desk (browser harness) is running.
Open this address in a browser on this computer:

  ${harness.loginUrl}

Data folder: ${dataDir}
Press Ctrl+C to stop.`);
const stop = async () => {
  await harness.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
