// `npm run demo -- [--scale 2000] [--file path]`: creates a separate training database filled with fictional data.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src-main/core/db/open';
import { fillDemoDatabase } from '../src-main/core/demo/generate';
import { DEMO_ACCOUNTS } from '../src-main/core/demo/accounts';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '500' }, file: { type: 'string', default: '.data/training-demo.sqlite' } } });
const scale = Number(values.scale);
if (!Number.isInteger(scale) || scale < 1 || scale > 20000) {
  console.error('Please give --scale as a whole number of students between 1 and 20000.');
  process.exit(2);
}
const file = path.resolve(values.file as string);
if (existsSync(file)) {
  console.error(`${file} already exists. The demo generator only fills a new database; delete the file first if you want a fresh one.`);
  process.exit(2);
}
const started = Date.now();
const opened = await openDatabase(file);
const { students } = await fillDemoDatabase(opened, scale, new Date());
await opened.close();
console.log(`Training database with ${students} fictional students written to ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
console.log(`Sign in as ${DEMO_ACCOUNTS.map((a) => `${a.username} (${a.role})`).join(', ')} with the password "${DEMO_ACCOUNTS[0].password}".`);
