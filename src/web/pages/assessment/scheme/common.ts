import { ref, type Ref } from 'vue';
import type { Got } from '../../../api/client';
import { fmtTime } from '../../../api/format';

/** A scheme as its page reads it, and one of its indicators. */
export type Scheme = Got<'/api/assessment/schemes/:id'>;
export type Indicator = Scheme['indicators'][number];

/** Date and time to the minute, as the scheme's lists show it. */
export const dt = (v: string) => (v ? fmtTime(v).slice(0, 16) : '');

/** A rank group's label in a scheme (its key when the scheme has no such group). */
export const groupLabelOf = (s: Scheme, k: string): string => s.groups.find((g) => g.key === k)?.label ?? k;

/** A tab's list, read when the tab opens and after each act, with its loading flag. */
export function useLoaded<T>(initial: T, read: () => Promise<T>) {
  const data = ref(initial) as Ref<T>;
  const loading = ref(false);
  async function load() {
    loading.value = true;
    try { data.value = await read(); } finally { loading.value = false; }
  }
  return { data, loading, load };
}
