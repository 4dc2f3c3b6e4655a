import { ElMessage } from 'element-plus';
import { router } from '../router';

/** One request client: CSRF header on writes, Chinese errors shown in one place, 401 back to login. */
let csrfToken = '';
export const setCsrf = (t: string) => { csrfToken = t; };

export type Problem = { status: number; code: string; detail: string; errors: { field: string; message: string }[]; errorReport?: string; errorCount?: number };

export class ApiError extends Error {
  constructor(readonly problem: Problem) { super(problem.detail); }
}

async function request<T>(method: string, url: string, body?: unknown, opts: { quiet?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) { headers['content-type'] = 'application/json'; payload = JSON.stringify(body); }
  const res = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
  if (res.ok) return (res.headers.get('content-type') ?? '').includes('json') ? res.json() : (res as unknown as T);
  const problem: Problem = await res.json().catch(() => ({ status: res.status, code: 'HTTP', detail: `请求失败（${res.status}）`, errors: [] }));
  if (res.status === 401 && !url.endsWith('/auth/login')) {
    router.push({ name: 'login', query: { redirect: router.currentRoute.value.fullPath, reason: problem.detail } });
  } else if (problem.code === 'PASSWORD_CHANGE_REQUIRED') {
    router.push({ name: 'password' });
  } else if (!opts.quiet) {
    ElMessage.error({ message: problem.detail, duration: 5000 });
  }
  throw new ApiError(problem);
}

export const api = {
  get: <T>(url: string, query?: Record<string, unknown>, opts?: { quiet?: boolean }) => request<T>('GET', withQuery(url, query), undefined, opts),
  post: <T>(url: string, body?: unknown, opts?: { quiet?: boolean }) => request<T>('POST', url, body, opts),
  put: <T>(url: string, body?: unknown, opts?: { quiet?: boolean }) => request<T>('PUT', url, body, opts),
  delete: <T>(url: string) => request<T>('DELETE', url),
};

export function withQuery(url: string, query?: Record<string, unknown>) {
  if (!query) return url;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${url}?${s}` : url;
}

/** Downloads go through the browser so that large files stream to disk. */
export function download(url: string, query?: Record<string, unknown>) {
  const a = document.createElement('a');
  a.href = withQuery(url, query);
  a.download = '';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** Upload with progress (fetch has no upload progress). */
export function upload<T>(url: string, file: File, onProgress: (pct: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100)); };
    xhr.onload = () => {
      let body: unknown = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* not json */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(new ApiError((body as Problem) ?? { status: xhr.status, code: 'HTTP', detail: `上传失败（${xhr.status}）`, errors: [] }));
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'NETWORK', detail: '网络错误，上传失败', errors: [] }));
    const fd = new FormData();
    fd.append('file', file);
    xhr.send(fd);
  });
}
