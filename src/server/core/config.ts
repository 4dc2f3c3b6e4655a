import path from 'node:path';
import { z } from 'zod';

/** Configuration is one validated object built at boot; a bad value stops the start with a list of problems. */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_READ_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  LOCKOUT_FAILURES: z.coerce.number().int().min(1).default(5),
  LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(10),
  UPLOAD_LIMIT_MB: z.coerce.number().int().min(1).default(20),
  SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  STRICT_RESPONSES: z.enum(['true', 'false']).optional(),
  NODE_ENV: z.string().optional(),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  logLevel: string;
  sessionIdleMinutes: number;
  lockoutFailures: number;
  lockoutMinutes: number;
  uploadLimitBytes: number;
  secureCookies: boolean;
  /** An answer that breaks the API contract fails the request (outside production) or is logged and sent (production). */
  strictResponses: boolean;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`配置有误:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: path.resolve(c.DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    logLevel: c.LOG_LEVEL,
    sessionIdleMinutes: c.SESSION_IDLE_MINUTES,
    lockoutFailures: c.LOCKOUT_FAILURES,
    lockoutMinutes: c.LOCKOUT_MINUTES,
    uploadLimitBytes: c.UPLOAD_LIMIT_MB * 1024 * 1024,
    secureCookies: c.SECURE_COOKIES === 'true',
    strictResponses: c.STRICT_RESPONSES ? c.STRICT_RESPONSES === 'true' : c.NODE_ENV !== 'production',
  };
}
