import type { Actor } from './actor.js';
import { errors } from './errors.js';

/**
 * Separation of duties: nobody decides on what they submitted or entered themselves, or on a request about
 * themselves — whatever their permissions. Every approval in the platform calls this before deciding.
 */
export function notOwnWork(actor: Actor, by: { userId?: number | null; memberId?: number | null }, what: string): void {
  if ((by.userId != null && by.userId === actor.userId) || (by.memberId != null && by.memberId === actor.memberId)) {
    throw errors.forbidden(`不能审核本人${what}，请由其他有审核权限的人员办理`);
  }
}
