// What the last import of each kind chose (heading → field, text → code), kept in the settings table so the next
// import of the same college's sheet starts from it. Not a college setting: `readSettings` leaves these keys out.
import { valueKey, type ImportKind } from '../../contract/imports';
import type { Db } from '../api/handlers';
import { settingText } from '../settings/repository';

export interface Remembered {
  /** Heading (lower case) → field key; a heading remembered as not imported maps to "". */
  columns: Record<string, string>;
  /** Field key → text (lower case) → code. */
  values: Record<string, Record<string, string>>;
}

const keyFor = (kind: ImportKind) => `import-mapping.${kind}`;

export async function readRemembered(db: Db, kind: ImportKind): Promise<Remembered> {
  const value = await settingText(db, keyFor(kind));
  if (value === undefined) return { columns: {}, values: {} };
  try {
    const v = JSON.parse(value) as Partial<Remembered>;
    return { columns: v.columns ?? {}, values: v.values ?? {} };
  } catch {
    return { columns: {}, values: {} };
  }
}

/** Adds this import's choices to what was remembered (newer wins). Call inside the import's transaction. */
export async function remember(db: Db, kind: ImportKind, headers: string[], columns: (string | null)[], values: Record<string, Record<string, string>>): Promise<void> {
  const before = await readRemembered(db, kind);
  const next: Remembered = { columns: { ...before.columns }, values: { ...before.values } };
  headers.forEach((h, i) => {
    const key = valueKey(h);
    if (key) next.columns[key] = columns[i] ?? '';
  });
  for (const [field, map] of Object.entries(values)) next.values[field] = { ...(next.values[field] ?? {}), ...map };
  const value = JSON.stringify(next);
  await db
    .insertInto('settings')
    .values({ key: keyFor(kind), value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
