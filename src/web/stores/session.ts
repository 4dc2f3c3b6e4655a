import { defineStore } from 'pinia';
import { api, setCsrf } from '../api/client';

export type Me = { userId: number; username: string; displayName: string; memberId: number | null; csrfToken: string; mustChangePassword: boolean; permissions: string[]; assignments: { roleCode: string; scope: string; orgId: number | null }[]; wide: boolean };

export const useSession = defineStore('session', {
  state: () => ({ me: null as Me | null, categories: [] as { code: string; label: string }[] }),
  getters: { can: (s) => (p: string) => !!s.me?.permissions.includes(p) },
  actions: {
    async load() {
      try {
        this.me = await api.get('/api/auth/me');
        setCsrf(this.me.csrfToken);
        if (!this.categories.length && !this.me.mustChangePassword && this.me.permissions.includes('org:read')) {
          this.categories = await api.get('/api/org-categories');
        }
      } catch { this.me = null; }
      return this.me;
    },
    async logout() {
      await api.post('/api/auth/logout').catch(() => {});
      this.me = null;
    },
    categoryLabel(code: string) { return this.categories.find((c) => c.code === code)?.label ?? code; },
  },
});
