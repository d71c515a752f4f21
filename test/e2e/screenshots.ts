// Screenshots of every page as each role, at 1366×768 and 1024 wide, with axe-core's WCAG 2.2 AA count per page.
// Run after `npm run build`: `npx tsx test/e2e/screenshots.ts [outDir]` (default `screenshots/`, gitignored).
// SHOTS_ROUTES=<regex> and SHOTS_ROLES=manager,admin narrow it to some pages and roles.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_ACCOUNTS } from '../../src-main/core/demo/accounts';
import { axeViolations } from './axe';
import { everyRoute, visit } from './routes';
import { deskCall, startE2E } from './support';

const outDir = path.resolve(process.argv[2] ?? 'screenshots');
const onlyRoutes = process.env.SHOTS_ROUTES ? new RegExp(process.env.SHOTS_ROUTES) : null;
const onlyRoles = process.env.SHOTS_ROLES?.split(',');
mkdirSync(outDir, { recursive: true });

const e2e = await startE2E();
const { page } = e2e;
try {
  const opened = await deskCall(page, 'demo.open', { scale: 200 });
  if (!opened.ok) throw new Error(opened.error.message);
  const counts: Record<string, Record<string, number>> = {};
  for (const account of DEMO_ACCOUNTS.filter((a) => !onlyRoles || onlyRoles.includes(a.role))) {
    await deskCall(page, 'auth.signOut', {});
    await e2e.signIn(account.username, account.password);
    const routes = (await everyRoute(page)).filter((r) => !onlyRoutes || onlyRoutes.test(r));
    counts[account.role] = {};
    for (const route of routes) {
      await page.setViewportSize({ width: 1366, height: 768 });
      await visit(page, e2e.harness.origin, route);
      await page.waitForTimeout(300);
      const name = `${account.role}${route.replace(/\//g, '_')}`;
      const violations = await axeViolations(page);
      counts[account.role][route] = violations.reduce((n, v) => n + v.nodes.length, 0);
      writeFileSync(path.join(outDir, `${name}.axe.json`), JSON.stringify(violations, null, 2));
      await page.screenshot({ path: path.join(outDir, `${name}-1366.png`) });
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.waitForTimeout(150);
      await page.screenshot({ path: path.join(outDir, `${name}-1024.png`), fullPage: true });
      console.log(`${account.role} ${route}: ${counts[account.role][route]} axe violation nodes`);
    }
  }
  writeFileSync(path.join(outDir, 'axe-counts.json'), JSON.stringify(counts, null, 2));
} finally {
  await e2e.close();
}
