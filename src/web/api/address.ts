import { watch } from 'vue';
import { useRoute, useRouter, type LocationQuery } from 'vue-router';

/**
 * A page's view kept in the address (tab, filters, drill-down level, page): each step the user takes is a new history
 * entry, so that Back returns to the view before it and Reload to the same one. `read` sets the page's state from the
 * query and loads; `write` gives the query for the state now.
 */
export function useAddress(read: (q: LocationQuery) => void, write: () => Record<string, string | number | null | undefined>) {
  const route = useRoute();
  const router = useRouter();
  const clean = (q: Record<string, string | number | null | undefined>) =>
    Object.fromEntries(Object.entries(q).filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => [k, String(v)]));
  const path = route.path;
  // only while the address is this page's: leaving it changes the query too
  watch(() => route.query, (q) => { if (route.path === path) read(q); }, { immediate: true });
  /** Record the state now as a new step (nothing happens when the address already says it). */
  function step() {
    const next = clean(write());
    const now = clean(route.query as Record<string, string>);
    if (JSON.stringify(next) === JSON.stringify(now)) read(route.query);
    else router.push({ query: next });
  }
  return { step };
}
