/**
 * The periodic scan: once shortly after start-up, then every RENKOU_QUALITY_SCAN_HOURS hours
 * (default 24; 0 turns it off). Timers are unref'd, so they never keep the process alive, and a
 * scan still running when the next is due is not started twice. Started by server.ts only: tests
 * build the app without it.
 */
import type pino from 'pino';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { Sealer } from '../lib/sealing.js';
import { runScan } from './quality.scan.js';

const Hours = z.coerce
  .number()
  .int('须为整数')
  .min(0)
  .max(24 * 30)
  .default(24);

/** The interval in hours from the environment. @throws Error naming the variable for a bad value */
export function scanIntervalHours(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.RENKOU_QUALITY_SCAN_HOURS;
  const parsed = Hours.safeParse(raw === '' ? undefined : raw);
  if (!parsed.success)
    throw new Error(`配置错误：RENKOU_QUALITY_SCAN_HOURS 应为 0–720 的整数（小时，0 为关闭）(invalid configuration)`);
  return parsed.data;
}

const SYSTEM = { userId: null, username: 'system', unitId: null, address: null };

/** Starts the timers; returns a function that stops them. */
export function startQualitySchedule(
  db: Db,
  sealer: Sealer,
  countyCode: string,
  log: pino.Logger,
  hours = scanIntervalHours(),
  firstDelayMs = 60_000,
): () => void {
  if (hours <= 0) {
    log.info('数据质量定时扫描已关闭 (RENKOU_QUALITY_SCAN_HOURS=0)');
    return () => undefined;
  }
  let running = false;
  const scan = async () => {
    if (running) return;
    running = true;
    try {
      const r = await runScan(db, sealer, { countyCode, trigger: 'schedule', actor: SYSTEM });
      log.info(
        { findings: r.findings, created: r.created, resolved: r.resolved, ms: r.ms },
        '数据质量扫描完成 (data-quality scan done)',
      );
    } catch (err) {
      log.error({ err }, '数据质量扫描失败 (data-quality scan failed)');
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void scan(), firstDelayMs);
  first.unref();
  const every = setInterval(() => void scan(), hours * 3_600_000);
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
