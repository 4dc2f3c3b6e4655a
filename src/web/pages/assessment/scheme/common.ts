import { fmtTime } from '../../../api/format';

/** A scheme, or a row of one of its lists, as the API returns it (untyped until the shared contract covers assessment). */
export type Row = Record<string, any>;

/** Date and time to the minute, as the scheme's lists show it. */
export const dt = (v: string) => (v ? fmtTime(v).slice(0, 16) : '');

/** A rank group's label in a scheme (its key when the scheme has no such group). */
export const groupLabelOf = (s: Row, k: string): string => s.groups.find((g: Row) => g.key === k)?.label ?? k;
