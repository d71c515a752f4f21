// Refusals carry a typed reason declared in the contract: the vocabulary is all used, each method's list is honoured,
// and a reason a method did not declare never reaches a screen unnoticed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, METHOD_NAMES } from '../../src-main/contract/contract';
import type { MethodSpec } from '../../src-main/contract/define';
import { REFUSALS, SPECIFIC_REFUSALS, UNIVERSAL_REFUSALS, type SpecificReason } from '../../src-main/contract/refusals';
import { makeTestCore, validStudent, type TestCore } from '../helpers/core';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const SOURCE = sourceFiles(path.resolve(__dirname, '../../src-main'))
  .filter((f) => !f.endsWith(path.join('contract', 'refusals.ts')))
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

const declaredBy = (reason: SpecificReason) => METHOD_NAMES.filter((m) => (contract[m].refuses ?? []).includes(reason));

describe('the refusal vocabulary', () => {
  it('gives every reason a broad class and a plain description', () => {
    for (const [reason, entry] of Object.entries(REFUSALS)) {
      expect(entry.means.length, reason).toBeGreaterThan(10);
      expect(entry.code, reason).toMatch(/^[A-Z_]+$/);
    }
  });

  it('keeps universal and specific reasons apart', () => {
    for (const reason of Object.keys(UNIVERSAL_REFUSALS)) expect(Object.hasOwn(SPECIFIC_REFUSALS, reason), reason).toBe(false);
  });

  it.each(Object.keys(SPECIFIC_REFUSALS) as SpecificReason[])('%s is given by the core and declared by a method that can give it', (reason) => {
    expect(SOURCE.includes(`'${reason}'`), `no code in src-main gives '${reason}'`).toBe(true);
    expect(declaredBy(reason), `no contract method declares '${reason}'`).not.toEqual([]);
  });

  it('lists each method’s reasons once, and no universal reason among them', () => {
    for (const m of METHOD_NAMES) {
      const refuses = contract[m].refuses ?? [];
      expect(new Set(refuses).size, m).toBe(refuses.length);
      for (const r of refuses) expect(Object.hasOwn(UNIVERSAL_REFUSALS, r), `${m} declares universal '${r}'`).toBe(false);
    }
  });
});

describe('a refusal the method did not declare', () => {
  let t: TestCore;
  let lenient: TestCore;
  let admin: string;
  const archive = contract['students.archive'] as MethodSpec & { refuses?: readonly SpecificReason[] };
  const declared = archive.refuses;

  beforeAll(async () => {
    t = await makeTestCore();
    lenient = await makeTestCore({ undeclaredRefusals: 'lenient' });
    admin = await t.signInAs('admin');
  });
  afterAll(async () => {
    (archive as { refuses?: readonly SpecificReason[] }).refuses = declared;
    await t.close();
    await lenient.close();
  });

  it('is given with its reason and typed class when declared', async () => {
    const student = await t.ok(admin, 'students.create', { fields: validStudent(), confirmedNotDuplicate: true });
    await t.ok(admin, 'students.archive', { id: student.id, reason: 'Moved away' });
    const again = await t.fail(admin, 'students.archive', { id: student.id, reason: 'Moved away' });
    expect(again).toMatchObject({ reason: 'student.archived', code: 'CONFLICT' });
  });

  it('becomes an internal error naming the method and the reason, so a test cannot miss it', async () => {
    const student = await t.ok(admin, 'students.create', { fields: validStudent({ firstName: 'Ola' }), confirmedNotDuplicate: true });
    await t.ok(admin, 'students.archive', { id: student.id, reason: 'Moved away' });
    (archive as { refuses?: readonly SpecificReason[] }).refuses = (declared ?? []).filter((r) => r !== 'student.archived');
    try {
      const e = await t.fail(admin, 'students.archive', { id: student.id, reason: 'Moved away' });
      expect(e.reason).toBe('internal');
      expect(e.message).toContain("students.archive refused with 'student.archived'");
    } finally {
      (archive as { refuses?: readonly SpecificReason[] }).refuses = declared;
    }
  });

  it('is passed on with its own words by the installed app (lenient)', async () => {
    const manager = 'setup';
    const student = await lenient.ok(manager, 'students.create', { fields: validStudent({ firstName: 'Pim' }), confirmedNotDuplicate: true });
    await lenient.ok(manager, 'students.archive', { id: student.id, reason: 'Moved away' });
    (archive as { refuses?: readonly SpecificReason[] }).refuses = [];
    try {
      const e = await lenient.fail(manager, 'students.archive', { id: student.id, reason: 'Moved away' });
      expect(e).toMatchObject({ reason: 'student.archived', code: 'CONFLICT' });
    } finally {
      (archive as { refuses?: readonly SpecificReason[] }).refuses = declared;
    }
  });
});
