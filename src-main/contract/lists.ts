// The one shape of a list page's query: a whitelisted sort column, a direction, a page and a page size; and its answer.
import { z } from 'zod';

/** The page sizes a list offers; a list method refuses any other. */
export const PAGE_SIZES = [10, 25, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export const DEFAULT_PAGE_SIZE: PageSize = 25;

export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export const pageSizeSchema = z
  .number()
  .int()
  .refine((n) => (PAGE_SIZES as readonly number[]).includes(n), `Please choose ${PAGE_SIZES.join(', ')} rows a page.`);

/**
 * The paging and sorting fields of a list method's input, to spread into its `z.object({...})`. `sorts` is the list's
 * whitelist of sortable columns: the core maps each name to a column, so no text from the renderer reaches SQL.
 */
export function listFields<const S extends readonly [string, ...string[]]>(sorts: S, defaultSort: S[number], defaultDirection: SortDirection = 'asc') {
  return {
    sort: z.enum(sorts).default(defaultSort as never) as unknown as z.ZodDefault<z.ZodEnum<{ [K in S[number]]: K }>>,
    direction: z.enum(SORT_DIRECTIONS).default(defaultDirection),
    page: z.number().int().min(1).max(100_000).default(1),
    pageSize: pageSizeSchema.default(DEFAULT_PAGE_SIZE),
  };
}

/** One page of a list, and how many rows the whole list has. */
export interface ListPage<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
}
