import path from 'node:path';
import { z } from 'zod';

/**
 * All settings come from the environment and are checked once, at start-up, so that a wrong
 * value stops the server with a message naming the variable instead of failing later.
 */
const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  RENKOU_DATA: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** 64 hex characters (32 bytes). When absent, a key is generated once into the data folder. */
  RENKOU_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters (a 32-byte key)')
    .optional(),
  /** The county this installation serves: its division tree is loaded on first start. */
  RENKOU_COUNTY: z
    .string()
    .regex(/^\d{6}$/, 'must be a 6-digit county division code (GB/T 2260)')
    .default('430623'),
  /**
   * What an empty database gets on first start: the full-size synthetic county ('county'), the
   * small demo of a few thousand people ('small', for tests and quick looks), or nothing ('off',
   * a real installation).
   */
  RENKOU_DEMO: z.enum(['county', 'small', 'off']).default('county'),
  RENKOU_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  RENKOU_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  RENKOU_LOCKOUT_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  RENKOU_LOCKOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RENKOU_IMPORT_MAX_MB: z.coerce
    .number()
    .int()
    .min(1, 'must be 1–4096 (MB)')
    .max(4096, 'must be 1–4096 (MB)')
    .default(100),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  secretKeyHex: string | undefined;
  countyCode: string;
  demo: 'county' | 'small' | 'off';
  sessionIdleMs: number;
  sessionMaxMs: number;
  lockoutAttempts: number;
  lockoutMs: number;
  logLevel: string;
  /** Largest file an import accepts, in bytes (RENKOU_IMPORT_MAX_MB). */
  importMaxBytes: number;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置错误 (invalid configuration):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.RENKOU_DATA),
    databaseUrl: e.DATABASE_URL,
    secretKeyHex: e.RENKOU_SECRET_KEY,
    countyCode: e.RENKOU_COUNTY,
    demo: e.RENKOU_DEMO,
    sessionIdleMs: e.RENKOU_SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: e.RENKOU_SESSION_MAX_HOURS * 3_600_000,
    lockoutAttempts: e.RENKOU_LOCKOUT_ATTEMPTS,
    lockoutMs: e.RENKOU_LOCKOUT_MINUTES * 60_000,
    logLevel: e.LOG_LEVEL,
    importMaxBytes: e.RENKOU_IMPORT_MAX_MB * 1024 * 1024,
  };
}
