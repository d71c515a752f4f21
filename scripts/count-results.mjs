// Totals the Vitest JSON reports in test-results/ into the one closing line CI reads: "N passed, N failed".
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const status = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync('test-results')) {
  for (const f of readdirSync('test-results').filter((n) => n.endsWith('.json'))) {
    const r = JSON.parse(readFileSync(`test-results/${f}`, 'utf8'));
    passed += r.numPassedTests ?? 0;
    failed += (r.numFailedTests ?? 0) + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0);
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  }
}
// A step that failed before or between the suites (typecheck, lint, build) counts as one failure.
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
