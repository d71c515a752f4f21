// Reading the settings table: the college's settings and the rows other capabilities keep there (the set-up
// checklist's, remembered import mappings), each stored as JSON text under its key.
import type { Db } from '../api/handlers';

/** Every settings row. */
export async function allSettingRows(db: Db) {
  return db.selectFrom('settings').select(['key', 'value']).execute();
}

/** A settings row's stored JSON text, or undefined if the key was never saved. */
export async function settingText(db: Db, key: string): Promise<string | undefined> {
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}
