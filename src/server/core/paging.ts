import { AsyncLocalStorage } from 'node:async_hooks';
import { z } from 'zod';

export const MAX_PAGE_SIZE = 200;

export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
  order: z.enum(['asc', 'desc']).default('asc'),
});

export const pageOf = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item), total: z.number().int() });

export const offset = (q: { page: number; pageSize: number }) => (q.page - 1) * q.pageSize;

/** Boolean query flags arrive as strings. */
export const QueryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

const fixedDay = new AsyncLocalStorage<string>();

/**
 * Runs fn with "today" held at one date. The demo county is built as of one day; building it takes minutes,
 * and a load that crosses midnight would otherwise record steps dated before the facts they follow.
 */
export const asOfDay = <T>(day: string, fn: () => Promise<T>): Promise<T> => fixedDay.run(day, fn);

export const today = (): string => {
  const fixed = fixedDay.getStore();
  if (fixed) return fixed;
  // dates are shown in Asia/Shanghai; "today" is the local date there
  const t = new Date(Date.now() + 8 * 3600_000);
  return t.toISOString().slice(0, 10);
};

/** The date a year's figures are taken at: its 31 December, or today while the year runs. */
export const yearAsOf = (year: number): string => [`${year}-12-31`, today()].sort()[0]!;

/** A LIKE pattern that finds the text anywhere, with the user's own % and _ taken literally. */
export const contains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
