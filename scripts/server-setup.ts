// `npm run server:setup -- --url postgres://owner@host/db --app-role rcd_desk`: sets up (or upgrades) the college's
// PostgreSQL database for Recovery College Desk with the owner credential, and grants the desks' role what it needs.
// The desks' password comes from RCD_SERVER_APP_PASSWORD (kept out of the shell history); the owner's from the URL or
// PGPASSWORD. TLS options go in the URL (e.g. ?sslmode=verify-full&sslrootcert=/path/to/ca.pem).
import { parseArgs } from 'node:util';
import { ServerRefusedError } from '../src-main/core/db/postgres';
import { setUpServer } from '../src-main/core/db/postgres-setup';

const { values } = parseArgs({ options: { url: { type: 'string' }, 'app-role': { type: 'string', default: 'rcd_desk' } } });
if (!values.url) {
  console.error('Please give --url postgres://<owner>@<server>:<port>/<database> (the owner credential), and optionally --app-role <name>.');
  process.exit(2);
}
try {
  const result = await setUpServer(values.url, { appRole: values['app-role'] ?? 'rcd_desk', appPassword: process.env.RCD_SERVER_APP_PASSWORD });
  console.log(result.applied.length ? `Brought the schema up to date: ${result.applied.join(', ')}.` : 'The schema was already up to date.');
  console.log(`${result.createdRole ? 'Created' : 'Updated'} the desks' role ${values['app-role']}; its rights are granted afresh.`);
  process.exit(0);
} catch (e) {
  console.error(e instanceof ServerRefusedError ? e.message : `Setting up the server failed: ${(e as Error).message}`);
  process.exit(1);
}
