// Contract returns on a small hand-built dataset: every figure's right answer is worked out by hand in the comments
// and written as a literal. Also suppression, the XLSX/CSV read back, reproducibility, the extract and permissions.
import { openWith7z, refusedBy7z } from '../helpers/zip';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { internalCell, publishCell, suppressCount, type ReturnDetail } from '../../src-main/contract/returns';
import { makeTestCore, type TestCore } from '../helpers/core';
import { returnsFixtures } from '../helpers/returns-fixtures';

let t: TestCore;
let clock = new Date('2025-11-20T12:00:00Z');
const Q1 = { kind: 'quarter' as const, financialYear: 2025, quarter: 1 }; // 1 Apr – 30 Jun 2025
const PASSPHRASE = 'kettle orbit saffron';
const manager = 'setup';

beforeEach(async () => {
  clock = new Date('2025-11-20T12:00:00Z');
  t = await makeTestCore({ now: () => clock });
});
afterEach(() => t.close());

/**
 * The dataset (period Q1 2025/26 = 2025-04-01..2025-06-30):
 *  Run R1: S0 03-24 (before), S1 04-07, S2 04-14, S3 04-21 cancelled, S4 04-28 10:00–11:30 (last held → R1 ends in Q1).
 *  Run R2: S6 06-02, S7 06-09, S8 07-07 (after Q1 → R2 does not end in Q1). Other sessions 10:00–12:00.
 *  Students P1..P6, see each one below.
 */
async function buildDataset() {
  const f = returnsFixtures(t.core.database.db);
  const P1 = await f.student({ date_of_birth: '1990-05-01', gender_identity: '1', ethnic_category: 'A', referral_source: 'gp', secondary_mh_services: 'yes', nhs_number: '9990000018' });
  const P2 = await f.student({ date_of_birth: '2000-07-01', gender_identity: '2', ethnic_category: 'N', referral_source: 'self', secondary_mh_services: 'no', nhs_number: '9990000026' });
  const P3 = await f.student({ date_of_birth: '1960-06-30', gender_identity: '3', ethnic_category: 'H', referral_source: 'cmht', secondary_mh_services: 'unknown', nhs_number: '9990000034' });
  const P4 = await f.student({ date_of_birth: '2008-01-01', gender_identity: 'Z', ethnic_category: '99', referral_source: 'self', secondary_mh_services: 'no' });
  const P5 = await f.student({ date_of_birth: '1985-03-03', gender_identity: '2', ethnic_category: 'D', referral_source: 'voluntary', secondary_mh_services: 'yes', nhs_number: '9990000042' });
  const P6 = await f.student({ date_of_birth: '1970-01-01', gender_identity: 'X', ethnic_category: 'C', referral_source: 'other' });
  await f.consent(P1, '2025-01-01');
  await f.consent(P2, '2025-05-01', '2025-09-01'); // withdrawn before the extract is run
  await f.consent(P3, '2025-07-15'); // given after the period
  await f.consent(P5, '2024-06-01');

  const R1 = await f.courseRun('Understanding anxiety');
  const R2 = await f.courseRun('Hope and recovery');
  const staff = await f.facilitator('staff');
  const peerA = await f.facilitator('peer_trainer', 'PeerA');
  const peerB = await f.facilitator('peer_trainer', 'PeerB');
  const volunteer = await f.facilitator('volunteer');
  await f.team(R1, [staff, peerA]);
  await f.team(R2, [staff]);

  const S0 = await f.session(R1, '2025-03-24');
  const S1 = await f.session(R1, '2025-04-07');
  const S2 = await f.session(R1, '2025-04-14');
  await f.session(R1, '2025-04-21', { cancelled: true });
  const S4 = await f.session(R1, '2025-04-28', { end: '11:30' });
  const S6 = await f.session(R2, '2025-06-02');
  const S7 = await f.session(R2, '2025-06-09');
  const S8 = await f.session(R2, '2025-07-07');

  await f.delivered(S2, [staff]); // the peer trainer was off: not co-delivered
  await f.delivered(S6, [peerA, peerB]); // two peer trainers: co-delivered
  await f.delivered(S7, [peerA, volunteer]); // a volunteer is not a trainer: not co-delivered

  await f.enrol(R1, P1, '2025-03-20');
  await f.enrol(R1, P2, '2025-04-02');
  await f.enrol(R1, P3, '2025-04-10');
  await f.enrol(R1, P5, '2025-03-20');
  await f.enrol(R1, P6, '2025-04-01', 'withdrawn');
  await f.enrol(R1, P4, null, 'waiting');
  await f.enrol(R2, P1, '2025-05-20');
  await f.enrol(R2, P4, '2025-05-25');

  for (const [s, p, m] of [
    [S0, P1, 'present'], [S0, P5, 'present'],
    [S1, P1, 'present'], [S1, P2, 'late'], [S1, P5, 'absent'], [S1, P6, 'absent'],
    [S2, P1, 'present'], [S2, P2, 'present'], [S2, P3, 'present'], [S2, P5, 'apologies'], [S2, P6, 'absent'],
    [S4, P1, 'absent'], [S4, P2, 'present'], [S4, P3, 'late'], [S4, P5, 'present'],
    [S6, P1, 'present'], [S6, P4, 'present'],
    [S7, P1, 'present'], [S7, P4, 'absent'],
    [S8, P4, 'present'],
  ] as const) {
    await f.mark(s, p, m);
  }

  const q = (studentId: number, timepoint: 'baseline' | 'end', completedOn: string, items: (number | null)[], courseRunId: number | null = null, scale: 'SWEMWBS' | 'WEMWBS' = 'SWEMWBS') =>
    t.ok(manager, 'outcomes.recordQuestionnaire', { studentId, timepoint, completedOn, items, courseRunId, scale });
  await q(P1, 'baseline', '2025-03-20', [3, 3, 3, 3, 3, 3, 3]); // raw 21 → 19.25
  await q(P1, 'end', '2025-04-28', [4, 4, 4, 4, 4, 4, 4], R1); // raw 28 → 25.03: change +5.78
  await q(P2, 'baseline', '2025-04-02', [2, 2, 2, 2, 2, 2, 2]); // raw 14 → 15.32
  await q(P2, 'end', '2025-04-28', [2, 2, 2, 2, 2, 2, 3], R1); // raw 15 → 15.84: change +0.52
  await q(P3, 'baseline', '2025-04-10', [1, 1, 1, 1, 1, 1, 1]); // raw 7 → 7.00
  await q(P3, 'end', '2025-04-30', [5, 5, 5, 5, 5, 5, 5], R1); // raw 35 → 35.00: change +28.00
  await q(P5, 'baseline', '2024-06-01', [3, 3, 3, 3, 3, 3, 3]);
  await q(P5, 'end', '2025-04-28', [4, 4, null, 4, 4, 4, 4], R1); // incomplete: never scored; P5 is missing follow-up
  await q(P6, 'baseline', '2025-04-01', [3, 3, 3, 3, 3, 3, 3]); // withdrawn: not counted as missing
  await q(P4, 'baseline', '2025-05-25', Array(14).fill(3), null, 'WEMWBS'); // 42
  await q(P4, 'end', '2025-06-09', [4, 4, 4, 4, ...Array(10).fill(3)], R2, 'WEMWBS'); // 46: change +4

  await f.destination(P1, 'paid_work_started', '2025-05-01');
  await f.destination(P2, 'volunteering_started', '2025-06-01', true);
  await f.destination(P3, 'volunteering_started', '2025-04-15');
  await f.destination(P3, 'volunteering_started', '2025-05-15');
  await f.destination(P5, 'education_started', '2025-07-10'); // after the period
  await f.destination(P4, 'paid_work_kept', '2025-06-30');

  // Satisfaction: 9 forms in Q1 (ratings 5,5,4,4,4,3,2,5 and one blank; recommend yes×6, no×1, blank×2), one after.
  const forms: [number | null, boolean | null][] = [[5, true], [5, true], [4, true], [4, true], [4, true], [3, false], [2, null], [5, true], [null, null]];
  for (const [rating, rec] of forms) await f.satisfaction(R1, '2025-05-01', rating, rec);
  await f.satisfaction(R1, '2025-07-02', 1, false);
  return { P1, P2, P3, P4, P5, P6, R1, R2 };
}

const table = (r: ReturnDetail, key: string) => {
  const tbl = r.tables.find((x) => x.key === key);
  if (!tbl) throw new Error(`no table ${key}`);
  return tbl;
};
/** [label, internal value, published value] for each row. */
const rows = (r: ReturnDetail, key: string) => table(r, key).rows.map((row) => [row.cells[0], internalCell(row.cells[1]), publishCell(row.cells[1])]);

describe('small-number suppression', () => {
  it('shows 1–7 as *, rounds others to the nearest 5 and keeps 0', () => {
    expect([0, 1, 7, 8, 12, 13].map(suppressCount)).toEqual([0, '*', '*', 10, 10, 15]);
    expect(suppressCount(2)).toBe('*');
    expect(suppressCount(17)).toBe(15);
    expect(suppressCount(18)).toBe(20);
  });
  it('hides a mean or percentage resting on 1–7 people, shows it on 8 or more', () => {
    expect(publishCell({ kind: 'percent', value: 50, base: 7 })).toBe('*');
    expect(publishCell({ kind: 'percent', value: 50, base: 1 })).toBe('*');
    expect(publishCell({ kind: 'mean', value: 4.25, base: 8 })).toBe(4.25);
    expect(publishCell({ kind: 'mean', value: null, base: 0 })).toBe(null);
  });
});

describe('contract return figures (hand-worked)', () => {
  let r: ReturnDetail;
  beforeEach(async () => {
    await buildDataset();
    r = await t.ok(manager, 'returns.produce', { period: Q1 });
  });

  it('activity', () => {
    expect(r.period).toEqual({ kind: 'quarter', start: '2025-04-01', end: '2025-06-30', label: 'Q1 2025/26 (1 Apr 2025 to 30 Jun 2025)' });
    expect(rows(r, 'activity')).toEqual([
      ['Students attending', 5, '*'], // P1,P2,P3,P4,P5 (P6 only absent)
      ['New students', 3, '*'], // P2,P3,P4 (P1 and P5 attended S0 in March)
      ['Enrolments', 5, '*'], // P2-R1, P3-R1, P6-R1 (withdrawn), P1-R2, P4-R2; waiting list and March excluded
      ['Course runs delivered', 2, '*'],
      ['Sessions delivered', 5, '*'], // S1,S2,S4,S6,S7
      ['Attendances', 11, 10], // S1 2 + S2 3 + S4 3 + S6 2 + S7 1
      ['Attendance rate (%)', 64.7, '*'], // 11 of 17 marks; rests on 6 students marked
      ['Sessions cancelled', 1, '*'],
      ['Did not attend', 5, '*'], // absents: S1 2, S2 1, S4 1, S7 1 (apologies not counted)
    ]);
  });

  it('completion, and the threshold setting changes it', async () => {
    // R1 places: P1 3/4 ✓, P2 3/3 ✓, P3 2/2 (enrolled after S1) ✓, P5 2/4 ✗, P6 0/3 withdrawn ✗.
    expect(rows(r, 'completion')).toEqual([
      ['Places on course runs that ended', 5, '*'],
      ['Places completed', 3, '*'],
      ['Completion rate (%)', 60, '*'],
    ]);
    await t.ok(manager, 'settings.update', { completionThresholdPercent: 76 }); // P1's 75 % no longer completes
    const again = await t.ok(manager, 'returns.produce', { period: Q1 });
    expect(rows(again, 'completion')[1]).toEqual(['Places completed', 2, '*']);
    expect(again.parameters.completionThresholdPercent).toBe(76);
  });

  it('demographics over the students attending', () => {
    // Ages on 30 Jun 2025: P1 35, P2 24 (25 tomorrow), P3 65 (today), P4 17, P5 40.
    expect(rows(r, 'ageBands').map((x) => x[1])).toEqual([1, 1, 0, 2, 0, 0, 1]);
    expect(rows(r, 'ageBands').map((x) => x[0])).toEqual(['Under 18', '18–24', '25–34', '35–44', '45–54', '55–64', '65 and over']);
    expect(rows(r, 'genderIdentity').map((x) => x[1])).toEqual([1, 2, 1, 0, 1, 0]); // 1,2,3,4,Z,X
    expect(rows(r, 'ethnicity')).toEqual([
      ['White (A–C)', 1, '*'],
      ['Mixed (D–G)', 1, '*'],
      ['Asian or Asian British (H–L)', 1, '*'],
      ['Black or Black British (M–P)', 1, '*'],
      ['Other ethnic groups (R–S)', 0, 0],
      ['Not stated (Z)', 0, 0],
      ['Not known (99)', 1, '*'],
    ]);
    expect(rows(r, 'referralSource').map((x) => x[1])).toEqual([2, 1, 1, 1, 0]); // self, gp, cmht, voluntary, other
    expect(rows(r, 'secondaryMh').map((x) => x[1])).toEqual([2, 2, 1]); // yes, no, not known
  });

  it('wellbeing outcomes: paired scores, mean change, meaningful improvement, missing and incomplete', () => {
    expect(rows(r, 'outcomes')).toEqual([
      ['SWEMWBS: students with paired scores', 3, '*'],
      ['SWEMWBS: mean change (metric points)', 11.43, '*'], // (5.78 + 0.52 + 28.00) / 3
      ['SWEMWBS: improved by 3 metric points or more (%)', 66.7, '*'], // P1 and P3
      ['WEMWBS: students with paired scores', 1, '*'],
      ['WEMWBS: mean change (points)', 4, '*'],
      ['WEMWBS: improved by 3 points or more (%)', 100, '*'],
      ['Missing end-of-course questionnaire', 1, '*'], // P5
      ['Incomplete questionnaires (excluded)', 1, '*'],
    ]);
  });

  it('satisfaction, destinations and co-production', () => {
    expect(rows(r, 'satisfaction')).toEqual([
      ['Satisfaction forms', 9, 10],
      ['Mean overall rating (1–5)', 4, 4], // 32 / 8
      ['Rated 4 or 5 (%)', 75, 75], // 6 of 8
      ['Would recommend (%)', 85.7, '*'], // 6 of 7 answered: rests on 7
    ]);
    expect(rows(r, 'destinations')).toEqual([
      ['Started paid work', 1, '*'],
      ['Kept paid work', 1, '*'],
      ['Started education or training', 0, 0],
      ['Started volunteering (anywhere)', 2, '*'], // P2 and P3 (P3 twice counts once)
      ['Started volunteering with the college', 1, '*'],
    ]);
    // Co-delivered: S1, S4 (planned staff + peer), S6 (two peers). Peer hours: S1 2 + S4 1.5 + S6 2×2 + S7 2 = 9.5.
    expect(rows(r, 'coProduction')).toEqual([
      ['Sessions held', 5, '*'],
      ['Sessions co-delivered', 3, '*'],
      ['Co-delivered (%)', 60, '*'],
      ['Peer facilitator hours', 9.5, '*'],
    ]);
  });

  it('charts: by month, wellbeing change distribution, co-delivery rate', async () => {
    const c = await t.ok(manager, 'returns.charts', { period: Q1 });
    expect(c.byMonth).toEqual([
      { month: '2025-04', enrolments: 3, attendances: 8, sessionsHeld: 3, sessionsCoDelivered: 2 },
      { month: '2025-05', enrolments: 2, attendances: 0, sessionsHeld: 0, sessionsCoDelivered: 0 },
      { month: '2025-06', enrolments: 0, attendances: 3, sessionsHeld: 2, sessionsCoDelivered: 1 },
    ]);
    expect(c.wellbeingChange).toEqual([
      { scale: 'SWEMWBS', change: 1, students: 1 },
      { scale: 'SWEMWBS', change: 6, students: 1 },
      { scale: 'SWEMWBS', change: 28, students: 1 },
      { scale: 'WEMWBS', change: 4, students: 1 },
    ]);
    expect(c.coDeliveryPercent).toBe(60);
  });

  it('writes an XLSX that reads back cell by cell: typed numbers, * for suppressed, no formulas, a Definitions sheet', async () => {
    const file = await t.ok(manager, 'returns.download', { id: r.id, name: 'contract-return-2025-04-01-to-2025-06-30.xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'About', 'Activity', 'Completion', 'Age bands', 'Gender identity', 'Ethnic group', 'Referral source',
      'Secondary MH services', 'Wellbeing outcomes', 'Satisfaction', 'Destinations', 'Co-production', 'Definitions',
    ]);
    const values = (name: string) => {
      const out: unknown[][] = [];
      wb.getWorksheet(name)!.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
      return out;
    };
    expect(values('Activity')).toEqual([
      ['Figure', 'Value'],
      ['Students attending', '*'],
      ['New students', '*'],
      ['Enrolments', '*'],
      ['Course runs delivered', '*'],
      ['Sessions delivered', '*'],
      ['Attendances', 10],
      ['Attendance rate (%)', '*'],
      ['Sessions cancelled', '*'],
      ['Did not attend', '*'],
    ]);
    expect(values('Satisfaction')).toEqual([
      ['Figure', 'Value'],
      ['Satisfaction forms', 10],
      ['Mean overall rating (1–5)', 4],
      ['Rated 4 or 5 (%)', 75],
      ['Would recommend (%)', '*'],
    ]);
    expect(values('Ethnic group')[5]).toEqual(['Other ethnic groups (R–S)', 0]);
    const about = values('About');
    expect(about[2]).toEqual(['Period start', '2025-04-01']);
    expect(about[4]).toEqual(['Completion threshold (% of held sessions attended)', 66]);
    expect(typeof wb.getWorksheet('Satisfaction')!.getCell('B2').value).toBe('number');
    const defs = values('Definitions');
    expect(defs[0]).toEqual(['Table', 'Figure', 'Definition']);
    expect(defs).toContainEqual(['Activity', 'Did not attend', 'Marks of absent without apologies at sessions held in the period.']);
    expect(defs).toContainEqual(['Co-production', 'Peer facilitator hours', expect.stringMatching(/length in hours times the number of peer trainers/)]);
    let formulas = 0;
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => (formulas += c.type === ExcelJS.ValueType.Formula ? 1 : 0))));
    expect(formulas).toBe(0);
    expect(wb.created.toISOString()).toBe('2025-06-30T00:00:00.000Z');
  });

  it('writes one CSV with a table column, suppressed the same way', async () => {
    const file = await t.ok(manager, 'returns.download', { id: r.id, name: 'contract-return-2025-04-01-to-2025-06-30.csv' });
    const records = parse(Buffer.from(file.base64, 'base64').toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
    const find = (table: string, row: string) => records.find((x) => x.table === table && x.row === row)?.value;
    expect(find('Activity', 'Attendances')).toBe('10');
    expect(find('Activity', 'New students')).toBe('*');
    expect(find('Satisfaction', 'Rated 4 or 5 (%)')).toBe('75');
    expect(find('Destinations', 'Started education or training')).toBe('0');
    expect(find('About', 'Period end')).toBe('2025-06-30');
    expect(records.filter((x) => x.table === 'Definitions').length).toBeGreaterThan(20);
  });
});

describe('completion follows the registers’ rule for withdrawn places', () => {
  it('counts only sessions held while the student had a place', async () => {
    const f = returnsFixtures(t.core.database.db);
    const run = await f.courseRun('Short course');
    const sessions = [];
    for (const d of ['2025-04-07', '2025-04-14', '2025-04-21', '2025-04-28']) sessions.push(await f.session(run, d));
    const a = await f.student();
    const b = await f.student();
    await f.enrol(run, a, '2025-04-01', 'withdrawn');
    await t.core.database.db.updateTable('enrolments').set({ withdrawn_on: '2025-04-15' }).where('student_id', '=', a).execute();
    await f.enrol(run, b, '2025-04-01');
    await f.mark(sessions[0], a, 'present');
    await f.mark(sessions[1], a, 'late');
    await f.mark(sessions[0], b, 'present');
    await f.mark(sessions[3], b, 'present');
    const r = await t.ok(manager, 'returns.produce', { period: Q1 });
    // A: 2 of the 2 sessions held before withdrawing (04-07, 04-14), but withdrawn is never completed; B: 2 of 4 = 50 %.
    expect(rows(r, 'completion').map((x) => x[1])).toEqual([2, 0, 0]);
  });
});

describe('reproducibility and history', () => {
  it('gives identical figures and identical file bytes when produced again later from unchanged data', async () => {
    await buildDataset();
    const a = await t.ok(manager, 'returns.produce', { period: Q1 });
    const other = await t.signInAs('manager');
    clock = new Date('2025-11-20T12:05:13Z');
    const b = await t.ok(other, 'returns.produce', { period: Q1 });
    expect(b.id).not.toBe(a.id);
    expect(b.tables).toEqual(a.tables);
    expect(b.figuresSha256).toBe(a.figuresSha256);
    expect(b.files.map((f) => f.sha256)).toEqual(a.files.map((f) => f.sha256));
    expect(b.files.map((f) => f.sha256)).toHaveLength(2);

    const history = await t.ok(manager, 'returns.list', {});
    expect(history.total).toBe(2);
    expect(history.rows.map((x) => x.id)).toEqual([b.id, a.id]);
    expect(history.rows[1].producedBy).toBe('First Manager');
    expect(history.rows[0].producedAt).toBe('2025-11-20T12:05:13.000Z');

    // Re-open last quarter's return: exactly what was produced, even after the data changes.
    const f = returnsFixtures(t.core.database.db);
    await f.satisfaction((await t.core.database.db.selectFrom('course_runs').select('id').executeTakeFirstOrThrow()).id, '2025-05-02', 1, false);
    const reopened = await t.ok(manager, 'returns.get', { id: a.id });
    expect(reopened.tables).toEqual(a.tables);
    const c = await t.ok(manager, 'returns.produce', { period: Q1 });
    expect(c.figuresSha256).not.toBe(a.figuresSha256);
    const xlsx = await t.ok(manager, 'returns.download', { id: a.id, name: a.files[0].name });
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(Buffer.from(xlsx.base64, 'base64')).digest('hex')).toBe(a.files[0].sha256);
  });

  it('stamps every zip entry of the workbook with the fixed period date, not the time of production', async () => {
    const r = await t.ok(manager, 'returns.produce', { period: { kind: 'custom', start: '2025-01-01', end: '2025-03-31' } });
    const file = await t.ok(manager, 'returns.download', { id: r.id, name: r.files[0].name });
    const zip = Buffer.from(file.base64, 'base64');
    const stamps = new Set<string>();
    for (let i = 0; i < zip.length - 4; i++) {
      if (zip.readUInt32LE(i) === 0x04034b50) stamps.add(`${zip.readUInt16LE(i + 12)}:${zip.readUInt16LE(i + 10)}`);
    }
    // DOS date for 2025-03-31: (2025 − 1980) << 9 | 3 << 5 | 31; time 00:00:00.
    expect([...stamps]).toEqual([`${(45 << 9) | (3 << 5) | 31}:0`]);
  });

  it('refuses a period that has not finished, and a custom range that runs backwards', async () => {
    const e = await t.fail(manager, 'returns.produce', { period: { kind: 'financialYear', financialYear: 2025 } });
    expect(e.reason).toBe('input.invalid');
    expect(e.message).toMatch(/31 Mar 2026, which is still to come/);
    const back = await t.fail(manager, 'returns.produce', { period: { kind: 'custom', start: '2025-05-01', end: '2025-04-01' } });
    expect(back.message).toMatch(/end date must be on or after the start/);
  });

  it('protects text cells against formula injection in both files', async () => {
    await t.ok(manager, 'settings.update', { collegeName: '=HYPERLINK("http://x","click")' });
    const r = await t.ok(manager, 'returns.produce', { period: Q1 });
    const xlsx = await t.ok(manager, 'returns.download', { id: r.id, name: r.files[0].name });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    const cell = wb.getWorksheet('About')!.getCell('B1');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe('\'=HYPERLINK("http://x","click")');
    const csv = await t.ok(manager, 'returns.download', { id: r.id, name: r.files[1].name });
    const records = parse(Buffer.from(csv.base64, 'base64').toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(records.find((x) => x.row === 'College')?.value).toBe('\'=HYPERLINK("http://x","click")');
  });
});

describe('data-sharing extract', () => {
  it('lists consenting students only, needs a reason and logs every run', async () => {
    await buildDataset();
    const run = await t.ok(manager, 'extracts.run', { period: Q1, reason: 'Quarterly service-use evaluation for the ICB', passphrase: PASSPHRASE });
    // The file leaves the desk as an AES-256 zip that the real 7-Zip opens with the passphrase, and refuses without it.
    expect(run.file).toMatchObject({ mimeType: 'application/zip', suggestedName: 'data-sharing-extract-2025-04-01-to-2025-06-30.zip' });
    const zip = Buffer.from(run.file.base64, 'base64');
    const opened = openWith7z(zip, PASSPHRASE);
    expect(opened.listing).toMatch(/Method = AES-256/);
    expect(refusedBy7z(zip, 'not the passphrase')).toMatch(/Wrong password/);
    expect(zip.toString('latin1')).not.toContain('9990000018');
    // P1 ✓ (consent in force); P2 ✗ (withdrawn 1 Sep, before today); P3 ✗ (consent given after the period);
    // P4 ✗ (no NHS number); P5 ✓; P6 ✗ (no consent, never attended).
    expect(run.students).toBe(2);
    const records = parse(opened.files['data-sharing-extract-2025-04-01-to-2025-06-30.csv'].toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(records).toEqual([
      {
        nhs_number: '9990000018', date_of_birth: '1990-05-01', gender_identity: '1', ethnic_category: 'A', secondary_mh_services: 'yes',
        first_attended_in_period: '2025-04-07', last_attended_in_period: '2025-06-09', sessions_attended_in_period: '4', course_runs_attended_in_period: '2',
      },
      {
        nhs_number: '9990000042', date_of_birth: '1985-03-03', gender_identity: '2', ethnic_category: 'D', secondary_mh_services: 'yes',
        first_attended_in_period: '2025-04-28', last_attended_in_period: '2025-04-28', sessions_attended_in_period: '1', course_runs_attended_in_period: '1',
      },
    ]);
    const noReason = await t.fail(manager, 'extracts.run', { period: Q1, reason: '  ', passphrase: PASSPHRASE });
    expect((await t.fail(manager, 'extracts.run', { period: Q1, reason: 'Evaluation', passphrase: 'short' })).fields?.passphrase).toMatch(/at least 12/);
    expect(noReason.fields?.reason).toMatch(/reason/);
    const log = await t.ok(manager, 'extracts.list', {});
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ reason: 'Quarterly service-use evaluation for the ICB', students: 2, runBy: 'First Manager', period: { start: '2025-04-01', end: '2025-06-30' } });
    const audit = await t.ok(manager, 'audit.list', { entity: 'data-sharing-extract' });
    expect(audit.rows[0].summary).toMatch(/2 consenting students.*Reason: Quarterly service-use evaluation/);
  });

  it('includes a student again once consent is re-given, and excludes a withdrawal dated today', async () => {
    const f = returnsFixtures(t.core.database.db);
    const run = await f.courseRun('Course');
    const s = await f.session(run, '2025-04-07');
    const a = await f.student({ nhs_number: '9990000050' });
    const b = await f.student({ nhs_number: '9990000069' });
    await f.mark(s, a, 'present');
    await f.mark(s, b, 'present');
    await f.consent(a, '2025-01-01', '2025-03-01');
    await f.consent(a, '2025-06-15'); // re-given within the period
    await f.consent(b, '2025-01-01', '2025-11-20'); // withdrawn today
    const r = await t.ok(manager, 'extracts.run', { period: Q1, reason: 'Evaluation', passphrase: PASSPHRASE });
    expect(r.students).toBe(1);
    expect(Object.values(openWith7z(Buffer.from(r.file.base64, 'base64'), PASSPHRASE).files)[0].toString('utf8')).toContain('9990000050');
  });
});

describe('permissions', () => {
  it('refuses returns and extracts to admins and coordinators', async () => {
    for (const role of ['admin', 'coordinator'] as const) {
      const s = await t.signInAs(role);
      for (const [method, input] of [
        ['returns.produce', { period: Q1 }],
        ['returns.list', {}],
        ['returns.charts', { period: Q1 }],
        ['extracts.run', { period: Q1, reason: 'x', passphrase: PASSPHRASE }],
        ['extracts.list', {}],
      ] as const) {
        const e = await t.fail(s, method, input as never);
        expect(e.reason).toBe('access.role');
      }
    }
    const log = await t.core.database.db.selectFrom('extract_runs').selectAll().execute();
    expect(log).toHaveLength(0);
  });
});
