/**
 * How far an import has got, for the page that started it: the browser names the job, sends the file, and asks now and
 * then while the upload is being read and checked. Kept in memory for a few minutes, readable by its owner only.
 */
export type Progress = { phase: 'reading' | 'checking' | 'writing' | 'done'; rows: number; at: number; ownerId: number };

const jobs = new Map<string, Progress>();
const KEEP_MS = 10 * 60_000;

export function report(jobId: string | undefined, ownerId: number, phase: Progress['phase'], rows: number) {
  if (!jobId) return;
  jobs.set(jobId, { phase, rows, at: Date.now(), ownerId });
  if (jobs.size > 200) for (const [k, v] of jobs) if (Date.now() - v.at > KEEP_MS) jobs.delete(k);
}

export function progressOf(jobId: string, ownerId: number): Omit<Progress, 'ownerId' | 'at'> | null {
  const p = jobs.get(jobId);
  if (!p || p.ownerId !== ownerId || Date.now() - p.at > KEEP_MS) return null;
  return { phase: p.phase, rows: p.rows };
}
