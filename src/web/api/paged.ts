import { ref, type Ref } from 'vue';
import { api } from './client';
import type { Page } from './types';

/** One paged list: the state every list page needs, loaded from one API with the page's filters. */
export function usePaged<T>(url: string | (() => string), params: () => Record<string, unknown>, pageSize: Ref<number> = ref(20)) {
  const page = ref(1);
  const items = ref<T[]>([]) as Ref<T[]>;
  const total = ref(0);
  const loading = ref(false);
  async function load() {
    loading.value = true;
    try {
      const r = await api.get<Page<T>>(typeof url === 'string' ? url : url(), { ...params(), page: page.value, pageSize: pageSize.value });
      items.value = r.items;
      total.value = r.total;
    } finally { loading.value = false; }
  }
  function reload() { page.value = 1; return load(); }
  return { page, pageSize, items, total, loading, load, reload };
}
