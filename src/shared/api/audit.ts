import { z } from 'zod';
import { IsoDate, Page, PageQuery, QueryBool, Timestamp, file, group } from './common.js';

const AuditQuery = PageQuery.extend({
  actor: z.string().max(50).optional(), entity: z.string().max(40).optional(), entityId: z.string().max(40).optional(),
  action: z.string().max(40).optional(), from: IsoDate.optional(), to: IsoDate.optional(),
});
const LoginQuery = PageQuery.extend({ username: z.string().max(50).optional(), success: QueryBool.optional(), from: IsoDate.optional(), to: IsoDate.optional() });

const route = group(['审计']);

export const AuditEntry = z.object({ id: z.number(), at: Timestamp, countyId: z.number().nullable(), actorId: z.number().nullable(), actorName: z.string().nullable(), ip: z.string().nullable(), action: z.string(), entity: z.string(), entityId: z.string().nullable(), orgId: z.number().nullable(), before: z.unknown(), after: z.unknown() });
export const LoginLogItem = z.object({ id: z.number(), at: Timestamp, username: z.string(), userId: z.number().nullable(), ip: z.string().nullable(), userAgent: z.string().nullable(), event: z.enum(["login", "logout", "expired"]), success: z.boolean(), reason: z.string().nullable() });

export const auditApi = {
  'GET /api/audit': route({ summary: '审计日志（只读）', query: AuditQuery, response: Page(AuditEntry) }),
  'GET /api/audit/export': route({ summary: '导出审计日志', query: AuditQuery, response: file('xlsx') }),
  'GET /api/login-log': route({ summary: '登录日志（只读）', query: LoginQuery, response: Page(LoginLogItem) }),
  'GET /api/login-log/export': route({ summary: '导出登录日志', query: LoginQuery, response: file('xlsx') }),
} as const;
