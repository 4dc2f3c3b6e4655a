import { ElMessage } from 'element-plus';
import type { z } from 'zod';
import type { FileResponse } from '../../shared/api/common';
import type { Contract, RouteKey } from '../../shared/api/index';

/**
 * One request client, typed by the API contract (src/shared/api): a path the server does not serve, a missing
 * parameter or a wrong field does not compile, and every answer has the type the contract gives it. CSRF header on
 * writes, Chinese errors shown in one place, 401 back to login.
 */
let csrfToken = '';
export const setCsrf = (t: string) => { csrfToken = t; };

/** Where the app sends a person whose login ended or who must change the password first (set by main.ts). */
type Navigator = { signedOut: (reason: string) => void; passwordChangeRequired: () => void };
let navigator: Navigator = { signedOut: () => {}, passwordChangeRequired: () => {} };
export const setNavigator = (n: Navigator) => { navigator = n; };

export type Problem = { status: number; code: string; detail: string; errors: { field: string; message: string }[]; errorReport?: string; errorCount?: number };

export class ApiError extends Error {
  constructor(readonly problem: Problem) { super(problem.detail); }
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
/** The paths served for a method, e.g. PathOf<'GET'> includes '/api/orgs/:id'. */
export type PathOf<M extends Method> = RouteKey extends infer K ? (K extends `${M} ${infer P}` ? P : never) : never;
type Def<M extends Method, P extends string> = Contract[`${M} ${P}` & RouteKey];
/** What a route answers, as the browser receives it. */
export type ApiResponse<K extends RouteKey> = Contract[K]['response'] extends z.ZodType ? z.output<Contract[K]['response']> : Blob;
/** The answer of GET path. */
export type Got<P extends PathOf<'GET'>> = ApiResponse<`GET ${P}` & RouteKey>;
/** One row of a paged GET answer. */
export type RowOf<P extends PathOf<'GET'>> = Got<P> extends { items: (infer T)[] } ? T : Got<P> extends (infer T)[] ? T : never;
/** What a write takes as its body. */
export type BodyOf<K extends RouteKey> = Contract[K] extends { body: z.ZodType } ? z.input<Contract[K]['body']> : never;
/** What a route takes as its query string. */
export type QueryOf<P extends PathOf<'GET'>> = Def<'GET', P> extends { query: z.ZodType } ? z.input<Def<'GET', P>['query']> : never;

/**
 * A form as it stands when sent: a field may still be empty (null) — the server then names what is missing, in
 * Chinese, in one place — but every field is one the route takes, with the route's type.
 */
export type Draft<T> = T extends object ? { [K in keyof T]?: T[K] | null } : T;
/** A query string: the names are the route's, the values travel as text (an empty value is left out). */
type QueryText<T> = { [K in keyof T]?: string | number | boolean | null };
/** A path parameter: a number, or the text of the page's own route parameter. */
type PathValue = string | number | string[];
// (the conditionals are written [D] extends [...] so that they never distribute over a union of routes)
type Opts<D> = ([D] extends [{ params: z.ZodType }] ? { params: { [K in keyof z.input<D['params']>]: PathValue } } : { params?: undefined })
  & ([D] extends [{ query: z.ZodType }] ? { query?: QueryText<z.input<D['query']>> } : { query?: undefined })
  & ([D] extends [{ body: z.ZodType }] ? { body: Draft<z.input<D['body']>> } : [D] extends [{ multipart: true }] ? { body: FormData } : { body?: undefined })
  & { quiet?: boolean };
type Args<D> = [Record<string, never>] extends [Opts<D>] ? [opts?: Opts<D>] : [opts: Opts<D>];
type Res<D> = [D] extends [{ response: infer R }] ? ([R] extends [FileResponse] ? Blob : R extends z.ZodType ? z.output<R> : never) : never;

/** The URL of a route with its path parameters filled in and its query appended. */
function fillUrl(path: string, opts: { params?: object; query?: object } = {}): string {
  const params = (opts.params ?? {}) as Record<string, unknown>;
  const filled = path.replace(/:(\w+)/g, (_, k: string) => {
    if (params[k] === undefined || params[k] === null) throw new Error(`缺少路径参数 ${k}`);
    return encodeURIComponent(String(params[k]));
  });
  return withQuery(filled, opts.query as Record<string, unknown> | undefined);
}

async function request(method: Method, path: string, opts: { params?: object; query?: object; body?: unknown; quiet?: boolean } = {}): Promise<unknown> {
  const url = fillUrl(path, opts);
  const headers: Record<string, string> = {};
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (opts.body instanceof FormData) payload = opts.body;
  else if (opts.body !== undefined) { headers['content-type'] = 'application/json'; payload = JSON.stringify(opts.body); }
  const res = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
  if (res.ok) return (res.headers.get('content-type') ?? '').includes('json') ? res.json() : res.blob();
  const problem: Problem = await res.json().catch(() => ({ status: res.status, code: 'HTTP', detail: `请求失败（${res.status}）`, errors: [] }));
  if (res.status === 401 && !url.endsWith('/auth/login')) {
    navigator.signedOut(problem.detail);
  } else if (problem.code === 'PASSWORD_CHANGE_REQUIRED') {
    navigator.passwordChangeRequired();
  } else if (!opts.quiet) {
    ElMessage.error({ message: problem.detail, duration: 5000 });
  }
  throw new ApiError(problem);
}

type Caller<M extends Method> = <P extends PathOf<M>>(path: P, ...args: Args<Def<M, P>>) => Promise<Res<Def<M, P>>>;
// the types are checked at each call; inside, the path is a string
const call = <M extends Method>(method: M) => ((path: string, opts?: object) => request(method, path, opts)) as unknown as Caller<M>;

export const api = { get: call('GET'), post: call('POST'), put: call('PUT'), delete: call('DELETE') };

export function withQuery(url: string, query?: Record<string, unknown>) {
  if (!query) return url;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${url}?${s}` : url;
}

/** The address of any route, for the rare page that calls it without this client (a ballot has no login). */
export const urlOf = ((path: string, opts?: object) => fillUrl(path, opts)) as unknown as <P extends PathOf<'GET'> | PathOf<'POST'>>(path: P,
  opts: { params?: Record<string, PathValue>; query?: Record<string, string | number | boolean | null | undefined> }) => string;

/** The routes that answer with a file. */
export type FilePath = { [K in RouteKey]: K extends `GET ${infer P}` ? (Contract[K]['response'] extends FileResponse ? P : never) : never }[RouteKey];

type FileCall<T> = <P extends FilePath>(path: P, ...args: Args<Def<'GET', P>>) => T;

/** The address of a file route, for a link or an image. */
export const fileUrl = ((path: string, opts?: object) => fillUrl(path, opts)) as unknown as FileCall<string>;

/** Downloads go through the browser so that large files stream to disk. */
export const download = ((path: string, opts?: object) => {
  const a = document.createElement('a');
  a.href = fillUrl(path, opts);
  a.download = '';
  document.body.appendChild(a);
  a.click();
  a.remove();
}) as unknown as FileCall<void>;

/** The routes that take one uploaded file. */
export type UploadPath = { [K in RouteKey]: K extends `POST ${infer P}` ? (Contract[K] extends { multipart: true } ? P : never) : never }[RouteKey];

/** Upload with progress (fetch has no upload progress). */
type UploadOpts<D> = ([D] extends [{ params: z.ZodType }] ? { params: { [K in keyof z.input<D['params']>]: PathValue } } : { params?: undefined })
  & ([D] extends [{ form: z.ZodType }] ? { fields?: { [K in keyof z.input<D['form']>]?: string | number | boolean | null } } : { fields?: undefined });
type UploadCall = <P extends UploadPath>(path: P, file: File, onProgress: (pct: number) => void,
  ...args: [Record<string, never>] extends [UploadOpts<Def<'POST', P>>] ? [opts?: UploadOpts<Def<'POST', P>>] : [opts: UploadOpts<Def<'POST', P>>]) => Promise<Res<Def<'POST', P>>>;
/** The answer of a refused upload, with what the route says about it (an import's preview comes with its 422). */
export class UploadError extends ApiError {
  constructor(problem: Problem, readonly body: unknown) { super(problem); }
}
export const upload = ((path: string, file: File, onProgress: (pct: number) => void, opts: { params?: object; fields?: Record<string, unknown> } = {}) => new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', fillUrl(path, opts));
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100)); };
    xhr.onload = () => {
      let body: unknown = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* not json */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new UploadError((body as Problem) ?? { status: xhr.status, code: 'HTTP', detail: `上传失败（${xhr.status}）`, errors: [] }, body));
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'NETWORK', detail: '网络错误，上传失败', errors: [] }));
    const fd = new FormData();
    // the choices first, so that the server reads them before the file
    for (const [k, v] of Object.entries(opts.fields ?? {})) if (v !== undefined && v !== null && v !== '') fd.append(k, String(v));
    fd.append('file', file);
    xhr.send(fd);
  })) as unknown as UploadCall;
