import { ref, type Ref } from 'vue';
import { api, type QueryOf, type RowOf } from './client';

/** The GET routes that answer one page of a list ({ items, total }). */
type PagedPath = '/api/users' | '/api/meetings' | '/api/login-log' | '/api/audit' | '/api/structure-warnings' | '/api/workers' | '/api/members' | '/api/orgs';
type Filters<P extends PagedPath> = { [K in keyof QueryOf<P>]?: string | number | boolean | null };

/** One paged list: the state every list page needs, loaded from one route with the page's filters. */
export function usePaged<P extends PagedPath>(path: P | (() => P), params: () => Filters<P>, pageSize: Ref<number> = ref(20)) {
  const page = ref(1);
  const items = ref<RowOf<P>[]>([]) as Ref<RowOf<P>[]>;
  const total = ref(0);
  const loading = ref(false);
  async function load() {
    loading.value = true;
    try {
      const get = api.get as unknown as (p: string, o: object) => Promise<{ items: RowOf<P>[]; total: number }>;
      const r = await get(typeof path === 'string' ? path : path(), { query: { ...params(), page: page.value, pageSize: pageSize.value } });
      items.value = r.items;
      total.value = r.total;
    } finally { loading.value = false; }
  }
  function reload() { page.value = 1; return load(); }
  return { page, pageSize, items, total, loading, load, reload };
}
