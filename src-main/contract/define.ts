// How a contract method is declared: input schema, access, a one-line summary, and (as a phantom) its result type.
import { z } from 'zod';
import type { Access } from './permissions';

/**
 * A `read` method gets a read-only database handle; a `write` method runs inside one transaction that
 * `Core.call` opens and commits together with the method's audit rows (or rolls back, leaving nothing changed).
 */
export type MethodKind = 'read' | 'write';

export interface MethodSpec<I extends z.ZodType = z.ZodType, R = unknown, K extends MethodKind = MethodKind> {
  kind: K;
  input: I;
  access: Access;
  summary: string;
  /** Phantom: carries the result type; never set at run time. */
  readonly result?: R;
}

/** `method<Result>()({ kind, input, access, summary })` */
export const method =
  <R>() =>
  <I extends z.ZodType, K extends MethodKind>(spec: { kind: K; input: I; access: Access; summary: string }): MethodSpec<I, R, K> =>
    spec;

/** Building blocks most methods share. */
export const id = z.number({ error: 'A record number is missing.' }).int().positive();
export const none = z.object({}).strict();
export const reason = z
  .string({ error: 'Please give a reason.' })
  .trim()
  .min(1, 'Please give a reason.')
  .max(500, 'A reason can be at most 500 characters.');
export const isoDate = z
  .string({ error: 'Please enter a date.' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Please enter a date as day, month and year.');
export const page = z.number().int().min(1).default(1);

/** A file produced by the core for the person to save (PDF, CSV, XLSX, ICS). */
export interface ExportedFile {
  suggestedName: string;
  mimeType: string;
  base64: string;
}
