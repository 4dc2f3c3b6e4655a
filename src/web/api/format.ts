/** Times are stored in UTC and shown in Asia/Shanghai. */
export const fmtTime = (s: string) => new Date(new Date(s).getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
export const todayLocal = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
