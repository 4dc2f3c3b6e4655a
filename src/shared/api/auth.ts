import { z } from 'zod';
import { PERMISSION_CODES } from '../permissions.js';
import { SCOPES } from '../codes.js';
import { IdParam, Ok, Page, PageQuery, Timestamp, file, group } from './common.js';

const RoleBody = z.object({ name: z.string().trim().min(1, '请填写角色名称').max(30), permissions: z.array(z.string()).max(50) });

const route = group(['账号与权限']);

export const LoginResult = z.object({ csrfToken: z.string(), mustChangePassword: z.boolean() });
export const Me = z.object({ userId: z.number(), username: z.string(), displayName: z.string(), memberId: z.number().nullable(), csrfToken: z.string(), mustChangePassword: z.boolean(), permissions: z.array(z.enum(PERMISSION_CODES)), assignments: z.array(z.object({ roleCode: z.string(), scope: z.enum(SCOPES), orgId: z.number().nullable() })), wide: z.boolean() });
export const PermissionItem = z.object({ code: z.enum(PERMISSION_CODES), label: z.string() });
export const User = z.object({ assignments: z.array(z.object({ id: z.number(), roleId: z.number(), roleName: z.string(), scope: z.enum(SCOPES), orgId: z.number().nullable(), orgName: z.string().nullable(), customOrgIds: z.array(z.number()).nullable() })), id: z.number(), username: z.string(), displayName: z.string(), memberId: z.number().nullable(), mustChangePassword: z.boolean(), isActive: z.boolean(), lockedUntil: Timestamp.nullable(), version: z.number(), createdAt: Timestamp });
export const UserRecord = z.object({ id: z.number(), username: z.string(), displayName: z.string(), memberId: z.number().nullable(), mustChangePassword: z.boolean(), isActive: z.boolean(), lockedUntil: Timestamp.nullable(), version: z.number(), createdAt: Timestamp });
export const Role = z.object({ id: z.number(), code: z.string(), name: z.string(), permissions: z.array(z.string()), adminDuty: z.enum(["security", "system", "audit"]).nullable(), builtin: z.boolean(), version: z.number(), createdAt: Timestamp });
export const RoleRecord = z.object({ id: z.number(), name: z.string(), version: z.number(), createdAt: Timestamp, permissions: z.array(z.string()), code: z.string(), adminDuty: z.enum(["security", "system", "audit"]).nullable(), builtin: z.boolean() });
export const RoleAssignment = z.object({ id: z.number(), countyId: z.number(), createdAt: Timestamp, userId: z.number(), roleId: z.number(), orgId: z.number().nullable(), scope: z.enum(SCOPES), customOrgIds: z.array(z.number()).nullable() });

export const authApi = {
  'POST /api/auth/login': route({ summary: '登录', body: z.object({ username: z.string().trim().min(1, '请输入用户名').max(50), password: z.string().min(1, '请输入密码').max(200) }), response: LoginResult }),
  'POST /api/auth/logout': route({ summary: '退出登录', response: Ok }),
  'GET /api/auth/me': route({ summary: '当前用户、权限和 CSRF 令牌', response: Me }),
  'POST /api/auth/password': route({ summary: '修改密码', body: z.object({ oldPassword: z.string().min(1, '请输入原密码'), newPassword: z.string().min(1, '请输入新密码').max(200) }), response: Ok }),
  'GET /api/permissions': route({ summary: '权限清单', response: z.array(PermissionItem) }),
  'GET /api/users': route({ summary: '用户列表', query: PageQuery.extend({ keyword: z.string().max(50).optional() }), response: Page(User) }),
  'GET /api/users/export': route({ summary: '导出用户与授权', query: PageQuery.extend({ keyword: z.string().max(50).optional() }), response: file('xlsx') }),
  'POST /api/users': route({ summary: '新建用户（系统管理员）', body: z.object({
    username: z.string().trim().regex(/^[a-zA-Z0-9_.-]{3,32}$/, '用户名为 3–32 位字母、数字、下划线'),
    displayName: z.string().trim().min(1, '请填写姓名').max(30), password: z.string().min(1, '请设置初始密码'),
    memberId: z.number().int().positive().nullish() }), status: 201, response: UserRecord }),
  'PUT /api/users/:id': route({ summary: '修改用户、重置密码、解锁、停用', params: IdParam, body: z.object({
    version: z.number().int(), displayName: z.string().trim().min(1).max(30).optional(), isActive: z.boolean().optional(),
    resetPassword: z.string().optional(), unlock: z.boolean().optional() }), response: UserRecord }),
  'GET /api/roles': route({ summary: '角色列表', response: z.array(Role) }),
  'POST /api/roles': route({ summary: '新建角色（安全管理员）', body: RoleBody.extend({
    code: z.string().regex(/^[a-z][a-z0-9_]{2,31}$/, '角色编码为小写字母开头的 3–32 位字母、数字、下划线') }), status: 201, response: RoleRecord }),
  'PUT /api/roles/:id': route({ summary: '修改角色权限', params: IdParam, body: RoleBody.extend({ version: z.number().int() }), response: Role }),
  'POST /api/role-assignments': route({ summary: '授权：给用户分配角色和数据范围（安全管理员）', body: z.object({
    userId: z.number().int().positive(), roleId: z.number().int().positive(), scope: z.enum(SCOPES, { error: '请选择数据范围' }),
    orgId: z.number().int().positive().nullish(), customOrgIds: z.array(z.number().int().positive()).max(500).optional() }), status: 201, response: RoleAssignment }),
  'DELETE /api/role-assignments/:id': route({ summary: '撤销授权', params: IdParam, response: Ok }),
} as const;
