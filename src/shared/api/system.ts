import { z } from 'zod';
import { group } from './common.js';

const route = group(['系统']);

export const systemApi = {
  'GET /api/health': route({ summary: '健康检查', response: z.object({ status: z.literal('ok') }) }),
} as const;
