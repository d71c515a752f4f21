// Data-sharing consent can carry a review date; consents due for review are listed (soonest first) until withdrawn.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeTestCore, validStudent, type TestCore } from '../helpers/core';

let t: TestCore;
beforeEach(async () => {
  t = await makeTestCore({ now: () => new Date('2026-11-20T12:00:00Z') });
});
afterEach(() => t.close());

it('records a review date with consent and lists consents due for review until they are withdrawn', async () => {
  const a = await t.ok('setup', 'students.create', { fields: validStudent({ firstName: 'Ann', nhsNumber: '9990000018' }) });
  const b = await t.ok('setup', 'students.create', { fields: validStudent({ firstName: 'Bea', dateOfBirth: '1970-01-01', nhsNumber: '9990000042' }) });
  const c = await t.ok('setup', 'students.create', { fields: validStudent({ firstName: 'Cat', dateOfBirth: '1971-01-01', nhsNumber: '9990000050' }) });
  expect((await t.fail('setup', 'students.recordConsent', { id: a.id, givenOn: '2025-11-01', reviewOn: '2025-10-01' })).fields?.reviewOn).toMatch(/after the date consent was given/);
  const withReview = await t.ok('setup', 'students.recordConsent', { id: a.id, givenOn: '2025-11-01', reviewOn: '2026-11-01' });
  expect(withReview.consents[0]).toMatchObject({ givenOn: '2025-11-01', reviewOn: '2026-11-01' });
  await t.ok('setup', 'students.recordConsent', { id: b.id, givenOn: '2025-12-01', reviewOn: '2026-12-10' });
  await t.ok('setup', 'students.recordConsent', { id: c.id, givenOn: '2026-01-01', reviewOn: '2027-06-01' });

  const due = await t.ok('setup', 'privacy.consent.dueForReview', {});
  expect(due.map((d) => [d.studentId, d.reviewOn])).toEqual([
    [a.id, '2026-11-01'],
    [b.id, '2026-12-10'],
  ]);
  await t.ok('setup', 'students.withdrawConsent', { id: a.id, withdrawnOn: '2026-11-20' });
  expect((await t.ok('setup', 'privacy.consent.dueForReview', { withinDays: 0 })).map((d) => d.studentId)).toEqual([]);
  expect((await t.ok('setup', 'privacy.consent.dueForReview', {})).map((d) => d.studentId)).toEqual([b.id]);
});
