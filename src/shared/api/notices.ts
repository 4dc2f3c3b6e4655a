import { z } from 'zod';
import { ORG_TYPES } from '../codes.js';
import { IdParam, Page, PageQuery, QueryBool, Text, Timestamp, file, group } from './common.js';

const Query = PageQuery.extend({ keyword: z.string().trim().max(40).optional(), unread: QueryBool.optional() });

export const NoticePreview = z.object({ recipients: z.number(), byType: z.array(z.object({ orgType: z.enum(ORG_TYPES), recipients: z.number() })),
  unreached: z.array(z.object({ id: z.number(), name: z.string(), orgType: z.enum(ORG_TYPES) })), unreachedTotal: z.number() });
const route = group(['通知公告']);

export const InboxItem = z.object({ id: z.number(), title: z.string(), issuer: z.string(), publishedAt: Timestamp, readAt: Timestamp.nullable(),
  withdrawnAt: Timestamp.nullable(), reminded: z.boolean(), files: z.number() });
export const Inbox = z.object({ items: z.array(InboxItem), total: z.number(), unread: z.number() });
export const SentNotice = z.object({ id: z.number(), title: z.string(), senderName: z.string(), publishedAt: Timestamp, recipients: z.number(), createdByName: z.string(),
  withdrawnAt: Timestamp.nullable(), reads: z.number(), lastRemindedOn: z.string().nullable() });
export const NoticeRole = z.object({ code: z.string(), name: z.string() });
export const NoticeFile = z.object({ id: z.number(), name: z.string(), contentType: z.string() });
export const PublishNoticeResult = z.object({ recipients: z.number(), id: z.number(), countyId: z.number(), body: z.string(), title: z.string(), createdBy: z.number().nullable(), publishedAt: Timestamp, createdByName: z.string(), target: z.object({ orgIds: z.array(z.number()), roles: z.array(z.string()) }), senderOrgId: z.number(), issuer: z.string(), publishedOn: z.string(), withdrawnAt: Timestamp.nullable(), withdrawnByName: z.string().nullable(), withdrawReason: z.string().nullable() });
export const ReadNotice = z.object({ files: z.array(NoticeFile), id: z.number(), countyId: z.number(), body: z.string(), title: z.string(), publishedAt: Timestamp, createdByName: z.string(), target: z.object({ orgIds: z.array(z.number()), roles: z.array(z.string()) }), senderOrgId: z.number(), issuer: z.string(), recipients: z.number(), publishedOn: z.string(), withdrawnAt: Timestamp.nullable(), withdrawnByName: z.string().nullable(), withdrawReason: z.string().nullable(), recipient: z.boolean(), manage: z.boolean() });
export const Receipts = z.object({ notice: z.object({ id: z.number(), title: z.string(), recipients: z.number(), reads: z.number(), unread: z.number(), withdrawnAt: Timestamp.nullable() }), items: z.array(z.object({ userId: z.number(), displayName: z.string(), orgId: z.number(), orgName: z.string(), readAt: z.string().nullable() })), reminders: z.array(z.object({ id: z.number(), noticeId: z.number(), remindedOn: z.string(), unread: z.number(), actorId: z.number().nullable(), createdAt: Timestamp })) });
export const WithdrawNoticeResult = z.object({ id: z.number(), countyId: z.number(), senderOrgId: z.number(), issuer: z.string(), title: z.string(), body: z.string(), target: z.object({ orgIds: z.array(z.number()), roles: z.array(z.string()) }), recipients: z.number(), publishedOn: z.string(), publishedAt: Timestamp, createdBy: z.number().nullable(), createdByName: z.string(), withdrawnAt: Timestamp.nullable(), withdrawnByName: z.string().nullable(), withdrawReason: z.string().nullable() });
export const RemindResult = z.object({ id: z.number(), createdAt: Timestamp, actorId: z.number().nullable(), unread: z.number(), noticeId: z.number(), remindedOn: z.string() });

export const noticesApi = {
  'GET /api/notices': route({ summary: '我收到的通知（unread=true：未读）', query: Query, response: Inbox }),
  'GET /api/notices/sent': route({ summary: '本单位发布的通知与阅读情况', query: Query, response: Page(SentNotice) }),
  'GET /api/notices/roles': route({ summary: '可选的通知对象（角色）', response: z.array(NoticeRole) }),
  'POST /api/notices/files': route({ summary: '上传通知附件（发布时引用）', multipart: true, status: 201, response: NoticeFile }),
  'GET /api/notices/preview': route({ summary: '发布前预览：将送达的人数（按层级）和范围内无人接收的党组织', query: z.object({
    orgIds: z.string().regex(/^\d+(,\d+)*$/, '通知范围格式不正确').optional(), roles: z.string().max(400).optional() }), response: NoticePreview }),
  'POST /api/notices': route({ summary: '发布通知（范围：所选党组织及其下级的用户，可限定角色）', body: z.object({
    senderOrgId: z.number({ error: '请选择发文单位' }).int().positive(), issuer: z.string().trim().max(40).nullish(), title: Text('标题', 100), body: Text('正文', 20000),
    orgIds: z.array(z.number().int().positive()).max(200), roles: z.array(z.string().max(40)).max(20).optional(), fileIds: z.array(z.number().int().positive()).max(10).optional() }), status: 201, response: PublishNoticeResult }),
  'GET /api/notices/:id': route({ summary: '阅读通知（首次打开即记为已读）', params: IdParam, response: ReadNotice }),
  'GET /api/notices/:id/files/:fileId': route({ summary: '下载通知附件', params: IdParam.extend({ fileId: z.coerce.number().int().positive() }), response: file('stored') }),
  'GET /api/notices/:id/receipts': route({ summary: '阅读回执（unread=true：未读名单）', params: IdParam, query: z.object({ unread: QueryBool.optional() }), response: Receipts }),
  'GET /api/notices/:id/receipts/export': route({ summary: '导出阅读回执（Excel）', params: IdParam, response: file('xlsx') }),
  'POST /api/notices/:id/withdraw': route({ summary: '撤回通知（须写明原因；通知与回执保留）', params: IdParam, body: z.object({ reason: Text('撤回原因', 200) }), response: WithdrawNoticeResult }),
  'POST /api/notices/:id/remind': route({ summary: '提醒未读人员（每天最多一次）', params: IdParam, status: 201, response: RemindResult }),
} as const;
