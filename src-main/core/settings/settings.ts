// College settings stored as key/value rows, with the defaults a new college starts from.
import type { Settings } from '../../contract/staff';
import type { Db, HandlersFor } from '../api/handlers';
import { allSettingRows } from './repository';

export const DEFAULT_SETTINGS: Settings = {
  idleLockMinutes: 10,
  collegeName: 'Recovery College',
  completionThresholdPercent: 66,
  wellbeingScale: 'SWEMWBS',
  meaningfulChangeSwemwbs: 3,
  meaningfulChangeWemwbs: 3,
  // NHS Records Management Code of Practice 2023, retention schedule: adult health records not covered elsewhere are kept
  // 8 years after the conclusion of treatment. A recovery college educates rather than treats, so the 20-year period for
  // clinical mental-health care records does not fit; 8 years also outlasts the 5+2-year contract and its audits.
  retentionYearsAfterLastAttendance: 8,
  // A run needs enough people for group work to go ahead; Today flags runs starting within two weeks below this.
  minimumEnrolment: 4,
};

export async function readSettings(db: Db): Promise<Settings> {
  // Only the college's settings: other capabilities keep rows of their own here too (the set-up checklist's, remembered
  // import mappings in core/imports/remembered.ts).
  const rows = await allSettingRows(db);
  const stored = Object.fromEntries(rows.filter((r) => r.key in DEFAULT_SETTINGS).map((r) => [r.key, JSON.parse(r.value) as unknown]));
  return { ...DEFAULT_SETTINGS, ...(stored as Partial<Settings>) };
}

export const settingsHandlers: HandlersFor<'settings.'> = {
  'settings.get': async (ctx) => readSettings(ctx.db),
  'settings.update': async (ctx, input) => {
    const changed = Object.entries(input).filter(([, v]) => v !== undefined);
    for (const [key, value] of changed) {
      await ctx.db
        .insertInto('settings')
        .values({ key, value: JSON.stringify(value) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
        .execute();
    }
    ctx.audit({ action: 'update', entity: 'settings', entityId: null, fields: changed.map(([k]) => k) });
    return readSettings(ctx.db);
  },
};
