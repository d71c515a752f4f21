// A new college's set-up checklist: each step is done when its records exist (nobody ticks it), a manager can put it away
// and bring it back (audited), and only managers may see or change it. Also: the rules in plain words carry the real numbers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SetupChecklist, SetupStepKey } from '../../src-main/contract/setup';
import { makeTestCore, type TestCore } from '../helpers/core';

let t: TestCore;
const manager = 'setup';
beforeEach(async () => {
  t = await makeTestCore({ now: () => new Date('2026-11-20T12:00:00Z') });
});
afterEach(() => t.close());

const done = (c: SetupChecklist) => Object.fromEntries(c.steps.map((s) => [s.key, s.done])) as Record<SetupStepKey, boolean>;
const checklist = () => t.ok(manager, 'setup.checklist', {});

describe('the set-up checklist', () => {
  it('starts with nothing done and shows on Today, each step saying why and where', async () => {
    const c = await checklist();
    expect(c.total).toBe(7);
    expect(c.doneCount).toBe(0);
    expect(c.visible).toBe(true);
    expect(c.mode).toBe('auto');
    expect(c.steps.map((s) => s.key)).toEqual(['college', 'terms', 'venues', 'courses', 'facilitators', 'staff', 'rates']);
    for (const s of c.steps) {
      expect(s.why.length).toBeGreaterThan(40);
      expect(s.link).toMatch(/^\/(settings|schedule|expenses)\//);
    }
  });

  it('marks each step done as soon as its records exist, and not before', async () => {
    const flips = async (key: SetupStepKey, act: () => Promise<unknown>) => {
      expect(done(await checklist())[key]).toBe(false);
      await act();
      const after = await checklist();
      expect(done(after)[key]).toBe(true);
      return after;
    };
    await flips('college', () => t.ok(manager, 'settings.update', { collegeName: 'Southend Recovery College' }));
    await flips('terms', () => t.ok(manager, 'scheduling.createTerm', { name: 'Spring 2027', startsOn: '2027-01-04', endsOn: '2027-03-26' }));
    // A venue alone is not enough: sessions are booked into rooms.
    const venue = await t.ok(manager, 'scheduling.createVenue', { name: 'Civic Centre' });
    expect(done(await checklist()).venues).toBe(false);
    expect((await checklist()).steps.find((s) => s.key === 'venues')!.progress).toBe('A venue, but no rooms yet');
    await flips('venues', () => t.ok(manager, 'scheduling.createRoom', { venueId: venue.id, name: 'Room A', capacity: 12 }));
    await flips('courses', () => t.ok(manager, 'scheduling.createCourse', { title: 'Understanding Anxiety', sessionsCount: 6, defaultSessionMinutes: 120, defaultCapacity: 12 }));
    await flips('facilitators', () => t.ok(manager, 'scheduling.createFacilitator', { firstName: 'Pat', surname: 'Peer', kind: 'peer_trainer' }));
    // The manager's own account does not count: the step needs one other person.
    await flips('staff', () => t.signInAs('admin'));
    const last = await flips('rates', () => t.ok(manager, 'setup.confirmRates', { confirm: true }));
    expect(last.ratesConfirmed?.by).toBe('First Manager');
    expect(last.doneCount).toBe(7);
    expect(last.complete).toBe(true);
    // Complete: Today no longer shows it, by itself.
    expect(last.visible).toBe(false);
  });

  it('counts a rate a manager added as the rates having been looked at; the ready-made ones do not', async () => {
    expect(done(await checklist()).rates).toBe(false);
    await t.ok(manager, 'expenses.rates.addInvolvement', { basis: 'session', effectiveFrom: '2026-04-06', rate: '25.00', description: 'Peer trainer, per session' });
    expect(done(await checklist()).rates).toBe(true);
  });

  it('a step goes back to not done when its last record stops being used', async () => {
    const venue = await t.ok(manager, 'scheduling.createVenue', { name: 'Library' });
    const room = await t.ok(manager, 'scheduling.createRoom', { venueId: venue.id, name: 'Study room', capacity: 8 });
    expect(done(await checklist()).venues).toBe(true);
    await t.ok(manager, 'scheduling.updateRoom', { id: room.id, fields: { venueId: venue.id, name: 'Study room', capacity: 8, active: false } });
    expect(done(await checklist()).venues).toBe(false);
  });

  it('can be put away and brought back, each audited, without touching the college settings', async () => {
    const hidden = await t.ok(manager, 'setup.hide', {});
    expect(hidden.mode).toBe('hidden');
    expect(hidden.visible).toBe(false);
    const reopened = await t.ok(manager, 'setup.reopen', {});
    expect(reopened.mode).toBe('shown');
    expect(reopened.visible).toBe(true);
    const log = await t.ok(manager, 'audit.list', { entity: 'setup_checklist' });
    expect(log.rows.map((r) => r.action)).toEqual(['show-setup-checklist', 'hide-setup-checklist']);
    expect(log.rows[1].summary).toBe('0 of 7 steps done');
    // The checklist's own rows never leak into the college settings.
    const settings = await t.ok(manager, 'settings.get', {});
    expect(Object.keys(settings).some((k) => k.startsWith('setup'))).toBe(false);
  });

  it('once reopened, stays on Today even when complete, until put away again', async () => {
    await t.ok(manager, 'setup.reopen', {});
    await t.ok(manager, 'settings.update', { collegeName: 'Southend Recovery College' });
    expect((await checklist()).visible).toBe(true);
    expect((await t.ok(manager, 'setup.hide', {})).visible).toBe(false);
  });

  it('is for managers only: coordinators and admins are refused by the core', async () => {
    for (const role of ['admin', 'coordinator'] as const) {
      const session = await t.signInAs(role);
      for (const method of ['setup.checklist', 'setup.hide', 'setup.reopen'] as const) {
        expect((await t.fail(session, method, {})).reason).toBe('access.role');
      }
      expect((await t.fail(session, 'setup.confirmRates', { confirm: true })).reason).toBe('access.role');
    }
    expect((await checklist()).mode).toBe('auto');
  });

  it('confirming the rates needs the confirmation itself', async () => {
    const e = await t.fail(manager, 'setup.confirmRates', { confirm: false as unknown as true });
    expect(e.reason).toBe('input.invalid');
    expect(done(await checklist()).rates).toBe(false);
  });
});

describe('the rules in plain words', () => {
  it('carry the real numbers from settings, rates and the rules’ own code, for every role', async () => {
    const admin = await t.signInAs('admin');
    const before = await t.ok(admin, 'help.rules', {});
    expect(before.completion.text).toContain('at least 66% of the sessions held');
    expect(before.completion.text).toContain('present or late');
    expect(before.mileage.text).toContain('45p a mile for the first 10,000 miles');
    expect(before.mileage.text).toContain('then 25p a mile');
    expect(before.mileage.text).toContain('6 Apr to 5 Apr');
    expect(before.mileage.examples[0]).toContain('50 × 45p + 50 × 25p = £35.00');
    expect(before.suppression.text).toContain('a count of 1 to 7 is shown as *');
    expect(before.suppression.examples).toEqual(['0 → 0', '3 → *', '7 → *', '8 → 10', '12 → 10', '13 → 15']);

    // Change the settings and the rates: the words follow.
    await t.ok(manager, 'settings.update', { completionThresholdPercent: 75 });
    await t.ok(manager, 'expenses.rates.addMileage', { vehicle: 'car_van', effectiveFrom: '2026-04-06', rate: '0.50', thresholdMiles: 12000, aboveThreshold: '0.30' });
    const after = await t.ok(admin, 'help.rules', {});
    expect(after.completion.text).toContain('at least 75%');
    expect(after.mileage.text).toContain('50p a mile for the first 12,000 miles');
    expect(after.mileage.text).toContain('then 30p a mile');
  });
});
