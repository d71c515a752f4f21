// `npx tsx bench/bundle.ts` (after `npm run build`): the renderer's JavaScript as built — what the sign-in page loads
// (the entry script and the chunks index.html preloads) and every chunk loaded later, raw and gzipped. Figures only.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const out = path.resolve('out/renderer');
const html = readFileSync(path.join(out, 'index.html'), 'utf8');
const initial = new Set([...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g)].map((m) => path.join(out, m[1].replace(/^\.?\//, ''))));
// Static imports of the initial chunks are loaded before the page runs too.
const staticImports = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["'](\.\/[^"']+\.js)["']/g)].map((m) => path.join(path.dirname(file), m[1]));
for (const f of [...initial]) for (const g of staticImports(f)) initial.add(g);
let grew = true;
while (grew) {
  grew = false;
  for (const f of [...initial]) {
    for (const g of staticImports(f)) {
      if (initial.has(g)) continue;
      initial.add(g);
      grew = true;
    }
  }
}

const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? walk(path.join(dir, n)) : [path.join(dir, n)]));
const js = walk(out).filter((f) => f.endsWith('.js'));
const size = (f: string) => ({ raw: statSync(f).size, gz: gzipSync(readFileSync(f), { level: 9 }).length });
const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`;
const rows = js.map((f) => ({ file: path.relative(out, f), ...size(f), initial: initial.has(f) })).sort((a, b) => b.gz - a.gz);
const sum = (xs: typeof rows, k: 'raw' | 'gz') => xs.reduce((s, r) => s + r[k], 0);
const first = rows.filter((r) => r.initial);
console.log(`Sign-in page JavaScript: ${kb(sum(first, 'raw'))} raw, ${kb(sum(first, 'gz'))} gzipped (target ≤ 250 KB gzipped), in ${first.length} file(s)`);
console.log(`All renderer JavaScript: ${kb(sum(rows, 'raw'))} raw, ${kb(sum(rows, 'gz'))} gzipped, in ${rows.length} file(s)`);
console.table(rows.slice(0, 25).map((r) => ({ file: r.file, raw: kb(r.raw), gzipped: kb(r.gz), 'on sign-in': r.initial ? 'yes' : '' })));
