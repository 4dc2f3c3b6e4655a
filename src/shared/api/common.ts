/**
 * The building blocks of the API contract: how a route is described, and the schemas every module uses.
 * Plain TypeScript and zod only — the server registers these routes, the web client is typed from them.
 */
import { z } from 'zod';

export const MAX_PAGE_SIZE = 200;

/** What a download route sends: a file of a known kind, never JSON. */
export const FILE_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  zip: 'application/zip',
  html: 'text/html',
  /** a stored upload (photo, PDF, Office file), sent with its own type */
  stored: 'application/octet-stream',
} as const;
export type FileKind = keyof typeof FILE_TYPES;
export type FileResponse = { readonly file: FileKind };
export const file = <K extends FileKind>(kind: K) => ({ file: kind }) as const;

export type RouteDef = {
  readonly summary: string;
  readonly tags: readonly string[];
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** the body is multipart/form-data with one file (`file`) */
  readonly multipart?: boolean;
  /** the other fields of a multipart body, as text */
  readonly form?: z.ZodType;
  /** left out of /api/openapi.json */
  readonly hide?: boolean;
  readonly status?: 200 | 201;
  readonly response: z.ZodType | FileResponse;
};

/** Routes of one module share their OpenAPI tags. */
export const group = (tags: readonly string[]) => <const D extends Omit<RouteDef, 'tags'>>(d: D): D & { tags: readonly string[] } => ({ ...d, tags });

export const isFileResponse = (r: RouteDef['response']): r is FileResponse => typeof r === 'object' && r !== null && 'file' in r && !(r instanceof z.ZodType);

/**
 * A point in time: a `Date` (or PostgreSQL's text form, from a raw query) on the server, an ISO 8601 string on the
 * wire. Response schemas are read from the server's values (z.input) to what the browser receives (z.output).
 */
export const Timestamp = z.codec(z.union([z.date(), z.string()]), z.string(), {
  decode: (v) => (v instanceof Date ? v.toISOString() : isoOf(v)),
  encode: (s) => s,
}).meta({ format: 'date-time' });

/** PostgreSQL's text form of a timestamptz ('2026-12-03 10:25:45.748663+00', as raw queries return it) in ISO 8601, so the wire has one form. */
function isoOf(s: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?([+-]\d{2})(?::?(\d{2}))?$/.exec(s);
  if (!m) return s;
  const d = new Date(`${m[1]}T${m[2]}${(m[3] ?? '').slice(0, 4)}${m[4]}:${m[5] ?? '00'}`);
  return Number.isNaN(d.getTime()) ? s : d.toISOString();
}

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
export const Month = z.string().regex(/^\d{4}-\d{2}$/, '月份格式应为 YYYY-MM');
/** A required text field with its label in the messages. */
export const Text = (label: string, max = 2000, min = 1) => z.string({ error: `请填写${label}` }).trim().min(min, `请填写${label}`).max(max, `${label}不超过 ${max} 字`);
/** What every change of a rule the county sets carries: the document it rests on, the day it takes effect, and why. */
export const RuleChange = { source: Text('依据文件', 200, 2), effectiveFrom: IsoDate, reason: Text('修改理由', 300, 2) };
export const IdParam = z.object({ id: z.coerce.number().int().positive() });
export const FileParam = IdParam.extend({ fileId: z.coerce.number().int().positive() });
/** Boolean query flags arrive as strings. */
export const QueryBool = z.enum(['true', 'false']).transform((v) => v === 'true');
export const YearQuery = z.coerce.number().int().min(2000).max(2100);
export const Under = z.coerce.number().int().positive();

export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
  order: z.enum(['asc', 'desc']).default('asc'),
});

export const Page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number() });
export const Ok = z.object({ ok: z.boolean() });
/** A file just uploaded, to be cited by id in the next write. */
export const Uploaded = z.object({ id: z.number(), name: z.string(), contentType: z.string() });
/** One line of an entity's change history (audit entries). */
export const HistoryEntry = z.object({ id: z.number(), at: Timestamp, actorName: z.string().nullable(), action: z.string(), before: z.unknown(), after: z.unknown() });
/**
 * A decimal column (numeric): the drivers give numbers, the ORM types them as strings; on the wire it is a number.
 */
export const Num = z.coerce.number();
