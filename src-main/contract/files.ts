// Which methods produce a file, and how to find the file in their result: such files go from the core straight to the
// path the person chose (Electron) or to a download (browser harness); the page gets the rest of the result, never the bytes.
import type { MethodInput, MethodName, MethodResult } from './contract';
import type { ExportedFile } from './define';

type Split<K extends MethodName, Rest> = (value: MethodResult<K>) => { file: ExportedFile; rest: Rest };

const whole = <K extends MethodName>(): Split<K, Record<string, never>> => (value) => ({ file: value as ExportedFile, rest: {} });

export const FILE_METHODS = {
  'registers.printSession': whole<'registers.printSession'>(),
  'registers.printRun': whole<'registers.printRun'>(),
  'scheduling.exportRunIcs': whole<'scheduling.exportRunIcs'>(),
  'scheduling.exportFacilitatorIcs': whole<'scheduling.exportFacilitatorIcs'>(),
  'expenses.batches.financeCsv': whole<'expenses.batches.financeCsv'>(),
  'expenses.batches.remittance': whole<'expenses.batches.remittance'>(),
  'expenses.totals.exportCsv': whole<'expenses.totals.exportCsv'>(),
  'returns.download': whole<'returns.download'>(),
  'privacy.subjectAccess.export': whole<'privacy.subjectAccess.export'>(),
  'privacy.dataSecurity.pdf': whole<'privacy.dataSecurity.pdf'>(),
  'imports.students.report': whole<'imports.students.report'>(),
  'imports.facilitators.report': whole<'imports.facilitators.report'>(),
  'imports.payees.report': whole<'imports.payees.report'>(),
  'extracts.run': ((v) => ({ file: v.file, rest: { students: v.students, run: v.run } })) as Split<'extracts.run', { students: number; run: MethodResult<'extracts.run'>['run'] }>,
  'exports.list': ((v) => ({ file: { suggestedName: v.suggestedName, mimeType: v.mimeType, base64: v.base64 }, rest: { rows: v.rows } })) as Split<'exports.list', { rows: number }>,
  'expenses.receipts.get': ((v) => ({ file: { suggestedName: v.fileName, mimeType: v.mimeType, base64: v.base64 }, rest: { id: v.id } })) as Split<
    'expenses.receipts.get',
    { id: number }
  >,
} satisfies Partial<{ [K in MethodName]: Split<K, unknown> }>;

export type FileMethodName = keyof typeof FILE_METHODS;

/** Methods whose result holds file bytes but that the window may not call: it saves through `saveExport` instead. */
const WINDOW_REFUSED: ReadonlySet<string> = new Set<string>([...Object.keys(FILE_METHODS), 'expenses.batches.remittances']);

export function isFileMethod(method: unknown): method is FileMethodName {
  return typeof method === 'string' && Object.hasOwn(FILE_METHODS, method);
}

/** True for a method the window must not receive through a plain call (its result carries a file's bytes). */
export function carriesFileBytes(method: unknown): boolean {
  return typeof method === 'string' && WINDOW_REFUSED.has(method);
}

export type FileMethodInput<K extends FileMethodName> = MethodInput<K>;
export type FileMethodRest<K extends FileMethodName> = ReturnType<(typeof FILE_METHODS)[K]>['rest'];

/** What the page hears back after a file was produced: whether (and where) it was saved, and the result minus the file. */
export interface SavedExport<Rest = unknown> {
  saved: boolean;
  fileName: string;
  /** Where it was saved, when the desktop knows (the save dialog's path); a browser download has none. */
  path?: string;
  info: Rest;
}

export const SAVE_THROUGH_DIALOG_MESSAGE = 'The app asked for a file in a way it no longer supports. Please restart the app.';

/** Splits a file method's result into the file and the rest. */
export function splitFile(method: FileMethodName, value: unknown): { file: ExportedFile; rest: unknown } {
  return (FILE_METHODS[method] as (v: unknown) => { file: ExportedFile; rest: unknown })(value);
}
