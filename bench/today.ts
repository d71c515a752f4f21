// How long Today's summary takes on a training database (whose past registers are, today, all untaken: the worst case
// for "registers still to take"). `npx tsx bench/today.ts [--scale 2000]`. Figures only, never assertions.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Core } from '../src-main/core/api/core';
import { DEMO_ACCOUNTS } from '../src-main/core/demo/accounts';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '2000' } } });
const scale = Number(values.scale);
const cached = path.resolve('.bench-cache', `today-demo-${scale}.sqlite`);
if (!existsSync(cached)) {
  console.log(`Building a ${scale}-student demo database (once; cached at ${cached}) …`);
  execFileSync('npm', ['run', 'demo', '--', '--scale', String(scale), '--file', cached], { stdio: 'inherit' });
}
const dir = mkdtempSync(path.join(tmpdir(), 'rcd-bench-today-'));
copyFileSync(cached, Core.liveFile({ dataDir: dir }));
const core = await Core.open({ dataDir: dir, passwordCost: 'fast', allowAnyLocation: true });
try {
  for (const account of DEMO_ACCOUNTS) {
    const session = `bench-${account.role}`;
    const signIn = await core.call(session, 'auth.signIn', { username: account.username, password: account.password });
    if (!signIn.ok) throw new Error(signIn.error.message);
    const times: number[] = [];
    let counts = '';
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const r = await core.call(session, 'today.summary', {});
      times.push(performance.now() - t);
      if (!r.ok) throw new Error(r.error.message);
      counts = r.value.items.map((x) => `${x.id} ${x.count}`).join(', ');
    }
    times.sort((a, b) => a - b);
    console.log(`${account.role}: today.summary median ${times[2].toFixed(0)} ms (first ${times[0].toFixed(0)}–${times[4].toFixed(0)} ms over 5) — ${counts}`);
  }
  const t = performance.now();
  const list = await core.call('bench-admin', 'registers.toTake', {});
  console.log(`registers.toTake: ${list.ok ? list.value.length : 'failed'} registers in ${(performance.now() - t).toFixed(0)} ms`);
} finally {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
}
