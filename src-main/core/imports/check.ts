// The one import pipeline, for every kind: columns → fields, free text → codes, each row through the kind's own schema,
// then duplicates within the file and against the database. The preview shows its answer; the commit runs it again.
import { collegeToday } from '../../contract/dates';
import { validationError } from '../../contract/errors';
import { IMPORT_FIELDS, valueKey, type ImportIssue, type ImportKind, type ImportPreview, type ImportRow, type ImportRowCheck, type ImportValueChoice } from '../../contract/imports';
import type { Db } from '../api/handlers';
import { guessColumns, readDate, suggestCode } from './guess';
import { KIND_SPECS } from './kinds';
import type { Remembered } from './remembered';

export interface CheckInput {
  headers: string[];
  rows: ImportRow[];
  columns?: (string | null)[];
  values: Record<string, Record<string, string>>;
}

export interface Checked {
  preview: ImportPreview;
  /** Each row that passed its schema, ready for the kind's insert. */
  parsed: Map<number, unknown>;
  columns: (string | null)[];
  /** The code chosen for each text, per coded field, as used (for remembering). */
  values: Record<string, Record<string, string>>;
}

/** UK mobile and landline numbers lose their leading 0 when a spreadsheet stores them as numbers: put it back. */
function phoneText(text: string): string {
  return /^[1-9]\d{9}$/.test(text) ? `0${text}` : text;
}

function setPath(target: Record<string, unknown>, key: string, value: unknown) {
  const [head, tail] = key.split('.', 2);
  if (tail === undefined) target[head] = value;
  else target[head] = { ...((target[head] as Record<string, unknown> | undefined) ?? {}), [tail]: value };
}

export async function checkImport(db: Db, kind: ImportKind, input: CheckInput, remembered: Remembered, now: Date): Promise<Checked> {
  const fields = IMPORT_FIELDS[kind];
  const spec = KIND_SPECS[kind];
  const today = collegeToday(now);

  // ── columns ──
  const columns = input.columns ? input.headers.map((_, i) => input.columns?.[i] ?? null) : guessColumns(fields, input.headers, remembered.columns);
  const colOf = new Map<string, number>();
  columns.forEach((key, i) => {
    if (key === null) return;
    const field = fields.find((f) => f.key === key);
    if (!field) throw validationError({ columns: `The app does not know a field called “${key}”. Please choose the column’s field again.` });
    const other = colOf.get(key);
    if (other !== undefined) {
      throw validationError({ columns: `Two columns (“${input.headers[other]}” and “${input.headers[i]}”) are both set to ${field.label}. Please set one of them to “Not imported”.` });
    }
    colOf.set(key, i);
  });
  const missing = fields.filter((f) => f.required && !f.codes && !colOf.has(f.key)).map((f) => f.label);
  const raw = (row: ImportRow, key: string) => {
    const i = colOf.get(key);
    return i === undefined ? '' : (row.cells[i] ?? '').trim();
  };

  // ── values: every distinct text in each coded field, with the code chosen, remembered or suggested ──
  const valueChoices: ImportValueChoice[] = [];
  const codeFor = new Map<string, Map<string, string | null>>();
  const usedValues: Record<string, Record<string, string>> = {};
  for (const f of fields) {
    if (!f.codes) continue;
    const counts = new Map<string, { text: string; count: number }>();
    for (const row of input.rows) {
      const text = raw(row, f.key);
      const key = valueKey(text);
      const seen = counts.get(key);
      if (seen) seen.count++;
      else counts.set(key, { text, count: 1 });
    }
    const chosen = input.values[f.key] ?? {};
    const kept = remembered.values[f.key] ?? {};
    const map = new Map<string, string | null>();
    const list: ImportValueChoice['values'] = [];
    for (const [key, { text, count }] of counts) {
      const pick = (code: string | undefined) => (code !== undefined && Object.hasOwn(f.codes ?? {}, code) ? code : undefined);
      const c = pick(chosen[key]);
      const r = c === undefined ? pick(kept[key]) : undefined;
      const s = c === undefined && r === undefined ? suggestCode(f, text) : null;
      const code = c ?? r ?? s ?? null;
      map.set(key, code);
      if (code !== null) (usedValues[f.key] ??= {})[key] = code;
      list.push({ text, count, code, source: c !== undefined ? 'chosen' : r !== undefined ? 'remembered' : s !== null ? 'suggested' : null });
    }
    list.sort((a, b) => Number(a.code !== null) - Number(b.code !== null) || b.count - a.count || a.text.localeCompare(b.text));
    codeFor.set(f.key, map);
    valueChoices.push({ field: f.key, label: f.label, options: Object.entries(f.codes).map(([code, label]) => ({ code, label })), values: list });
  }

  // ── each row through the kind's own schema ──
  const checks: ImportRowCheck[] = [];
  const issuesOf = new Map<number, ImportIssue[]>();
  const parsed = new Map<number, unknown>();
  const seenRows = new Set<number>();
  for (const row of input.rows) {
    if (seenRows.has(row.n)) throw validationError({ rows: `Row ${row.n} appears twice. Please read the file again.` });
    seenRows.add(row.n);
    const issues: ImportIssue[] = [];
    const values: Record<string, string> = {};
    const candidate: Record<string, unknown> = {};
    const skipSchemaFor = new Set<string>();
    for (const f of fields) {
      let text = raw(row, f.key);
      values[f.key] = text;
      if (f.codes) {
        const code = codeFor.get(f.key)?.get(valueKey(text)) ?? null;
        if (code === null && text !== '') {
          issues.push({ field: f.key, severity: 'problem', message: `${f.label}: the app does not know what “${text}” means. Choose its meaning on the Values step, or fix this row.` });
          skipSchemaFor.add(f.key);
        }
        if (code !== null) setPath(candidate, f.key, code);
        continue;
      }
      if (f.date && text !== '') {
        const d = readDate(text, today);
        if ('problem' in d) {
          issues.push({ field: f.key, severity: 'problem', message: `${f.label}: ${d.problem}` });
          skipSchemaFor.add(f.key);
          continue;
        }
        text = d.iso;
      }
      if (/phone/i.test(f.key)) text = phoneText(text);
      if (text !== '' || f.required) setPath(candidate, f.key, text);
    }
    // Payees: no bank columns filled means no bank details (not three blank ones).
    if (kind === 'payees' && candidate.bank && Object.values(candidate.bank as Record<string, string>).every((v) => !v)) delete candidate.bank;
    const result = spec.schema.safeParse(candidate);
    if (result.success) parsed.set(row.n, result.data);
    else {
      const said = new Set<string>();
      for (const issue of result.error.issues) {
        const key = issue.path.map(String).join('.');
        if (skipSchemaFor.has(key) || said.has(`${key}:${issue.message}`)) continue;
        said.add(`${key}:${issue.message}`);
        const field = fields.find((f) => f.key === key);
        issues.push({ field: field ? key : null, severity: 'problem', message: field && !issue.message.toLowerCase().includes(field.label.toLowerCase()) ? `${field.label}: ${issue.message}` : issue.message });
      }
    }
    issuesOf.set(row.n, issues);
    checks.push({ n: row.n, label: spec.label(values), status: 'ready', issues });
  }

  // ── duplicates: within the file, then against what is already recorded ──
  const good = [...parsed].map(([n, f]) => ({ n, fields: f }));
  for (const [n, list] of spec.fileIssues(good)) issuesOf.get(n)?.push(...list);
  for (const { n, fields: f } of good) issuesOf.get(n)?.push(...(await spec.dbIssues(db, f)));

  const counts = { ready: 0, problem: 0, duplicate: 0 };
  for (const c of checks) {
    c.status = c.issues.some((i) => i.severity === 'problem') ? 'problem' : c.issues.length > 0 ? 'duplicate' : 'ready';
    counts[c.status]++;
  }
  return {
    preview: { kind, fields: fields.map((f) => ({ key: f.key, label: f.label, required: !!f.required })), columns, missing, values: valueChoices, rows: checks, counts },
    parsed,
    columns,
    values: usedValues,
  };
}
