/**
 * Escalation of petitions whose deadline passed unmet (docs/petitions.md): level 1 when the
 * acceptance or conclusion deadline has passed, level 2 when it has passed by more than 15 days.
 * Each level is written once, to petition_event ('escalate') and the audit log, and escalated_at
 * is set. It runs from `renkou petitions escalate` (a daily cron) and from the server itself: at
 * start and then whenever the date has changed, checked hourly. The run is idempotent (a level
 * never rises twice) and cheap (one indexed query that finds nothing on most hours), so two
 * servers, or the server and the cron, may both run it.
 *
 * Escalation does not bump the petition's version: it changes no field a handler decides on,
 * and a daily job must not make a handler's open form stale.
 */
import type { Actor } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { insertEvents, lockEscalationDue, raiseEscalation } from './petition.repository.js';
import { randomUUID } from 'node:crypto';

export type Escalation = {
  id: string;
  number: string;
  unitName: string;
  stage: 'accept' | 'conclude';
  overdueDays: number;
  fromLevel: number;
  toLevel: number;
};

/** Who escalates when no person does: the system, as the audit log records it. */
export const SYSTEM_ACTOR: Actor = {
  userId: null,
  username: 'system:petition-escalation',
  unitId: null,
  address: null,
};

/**
 * Raises the escalation level of every open petition whose deadline passed unmet on `today`.
 * @returns the petitions escalated by this run (empty when run again the same day)
 */
export async function escalatePetitions(
  db: Db,
  actor: Actor = SYSTEM_ACTOR,
  opts: { today?: string; countyCode?: string } = {},
): Promise<Escalation[]> {
  const today = opts.today ?? clock.today();
  return db.transaction().execute(async (tx) => {
    const due = await lockEscalationDue(tx, today, opts.countyCode);
    const done: Escalation[] = [];
    const at = clock.now();
    for (const r of due) {
      const stage = r.status === 'registered' ? 'accept' : 'conclude';
      const overdueDays = Number(r.overdueDays);
      const toLevel = Number(r.level);
      const what = stage === 'accept' ? '受理' : '办结';
      const events = [];
      for (let level = r.escalationLevel + 1; level <= toLevel; level++)
        events.push({
          id: randomUUID(),
          countyCode: r.countyCode,
          petitionId: r.id,
          action: 'escalate' as const,
          onDate: today,
          note: `升级至第${level}级：${what}超期${overdueDays}天（${r.unitName}承办）`,
          byUser: null,
          // A millisecond apart, so the history lists level 1 before level 2.
          at: new Date(at.getTime() + level),
        });
      await insertEvents(tx, events);
      await raiseEscalation(tx, r.id, toLevel, at);
      await recordAudit(tx, actor, {
        action: 'petition.escalate',
        objectType: 'petition',
        objectId: r.id,
        detail: { number: r.number, stage, overdueDays, fromLevel: r.escalationLevel, toLevel },
      });
      done.push({
        id: r.id,
        number: r.number,
        unitName: r.unitName,
        stage,
        overdueDays,
        fromLevel: r.escalationLevel,
        toLevel,
      });
    }
    return done;
  });
}

/**
 * Runs the escalation when the app is ready and then whenever the date has changed (checked
 * every hour); the timer does not keep the process alive and stops with the app.
 * @returns a stop function
 */
export function startDailyEscalation(
  db: Db,
  onError: (e: unknown) => void,
): { ready: () => Promise<void>; stop: () => void } {
  let lastDay: string | null = null;
  let running: Promise<void> | null = null;
  const run = async () => {
    const today = clock.today();
    if (today === lastDay || running) return;
    running = escalatePetitions(db, SYSTEM_ACTOR, { today })
      .then(() => {
        lastDay = today;
      })
      .catch(onError)
      .finally(() => {
        running = null;
      });
    await running;
  };
  let timer: NodeJS.Timeout | null = null;
  return {
    async ready() {
      await run();
      timer = setInterval(() => void run(), 3_600_000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
