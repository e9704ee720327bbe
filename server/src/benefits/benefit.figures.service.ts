/**
 * Benefit figures per township and program (docs/benefits-figures.md): payees, payments paid,
 * failed and pending, the amounts due and paid, and the three rates of the indicator catalogue
 * (兑现准确率, 资金到位率, 及时发放率), counted exactly as the catalogue counts them. The county
 * sees its townships and the county total; a township itself; a village itself.
 */
import type { CurrentUser } from '../accounts/session.service.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { parsePeriod } from '../indicators/periods.js';
import { clock } from '../lib/clock.js';
import { InvalidInputError } from '../lib/errors.js';
import { listUnitsUnder } from '../org/org.repository.js';
import { programsInEffect } from './benefit.catalog.service.js';
import { countFigures, type FigureCountRow } from './benefit.figures.repository.js';
import type { FiguresQuery } from './benefit.figures.schemas.js';

export type FigureCounts = Omit<FigureCountRow, 'unitId' | 'programCode'>;

/** Counts with their rates (percent; null when nothing divides). */
export type FigureLine = FigureCounts & {
  /** 兑现准确率: paid exactly as due with no recovery case ÷ paid. */
  accuracy: number | null;
  /** 资金到位率: fen paid ÷ fen due. */
  fundsInPlace: number | null;
  /** 及时发放率: paid on or before the batch's due date ÷ paid. */
  timeliness: number | null;
};

const EMPTY: FigureCounts = {
  payees: 0,
  payments: 0,
  paid: 0,
  failed: 0,
  pending: 0,
  paidExact: 0,
  paidTimely: 0,
  fenDue: 0,
  fenPaid: 0,
};

const pct = (n: number, d: number) => (d > 0 ? (n / d) * 100 : null);

export function lineOf(c: FigureCounts = EMPTY): FigureLine {
  return {
    ...c,
    accuracy: pct(c.paidExact, c.paid),
    fundsInPlace: pct(c.fenPaid, c.fenDue),
    timeliness: pct(c.paidTimely, c.paid),
  };
}

const countsOf = ({ unitId: _u, programCode: _p, ...c }: FigureCountRow): FigureCounts => c;

/**
 * The figures of a period (a year by default) in the caller's area, per row unit and program.
 * Writes an audit row (benefit.figures).
 * @throws InvalidInputError for a bad period, or both year and period given
 */
export async function benefitFigures(db: Db, user: CurrentUser, actor: Actor, q: FiguresQuery) {
  if (q.year !== undefined && q.period) throw InvalidInputError.field('period', '年度和统计期只能填一个');
  const today = clock.today();
  const period = parsePeriod(q.period ?? String(q.year ?? today.slice(0, 4)), today);
  // The county reads its townships; a township or a village reads itself.
  const rowLevel = user.unitLevel === 'village' ? 'village' : 'township';
  const units = await listUnitsUnder(db, user.unitPath);
  const rowUnits = units.filter((u) => u.level === rowLevel);
  const rows = await countFigures(db, {
    countyCode: user.countyCode,
    period,
    unitPath: user.unitPath,
    rowLevel,
    programCode: q.programCode,
  });
  const programs = await programsInEffect(db, user.countyCode);
  const programName = new Map(programs.map((p) => [p.code, { name: p.name, nameEn: p.nameEn }]));
  const cell = (unitId: string | null, programCode: string | null) =>
    rows.find((r) => r.unitId === unitId && r.programCode === programCode);
  const programCodes = [...new Set(rows.filter((r) => r.programCode).map((r) => r.programCode!))].sort();
  const programRef = (code: string) => ({
    programCode: code,
    programName: programName.get(code)?.name ?? code,
    programNameEn: programName.get(code)?.nameEn ?? code,
  });
  const total = cell(null, null);
  const result = {
    period: { code: period.code, start: period.start, end: period.end, running: period.running },
    programCode: q.programCode ?? null,
    unit: { id: user.unitId, name: user.unitName, level: user.unitLevel },
    total: lineOf(total && countsOf(total)),
    units: rowUnits.map((u) => {
      const r = cell(u.id, null);
      return {
        unit: { id: u.id, name: u.name, level: u.level },
        ...lineOf(r && countsOf(r)),
        programs: programCodes.flatMap((code) => {
          const pr = cell(u.id, code);
          return pr ? [{ ...programRef(code), ...lineOf(countsOf(pr)) }] : [];
        }),
      };
    }),
    programs: programCodes.map((code) => ({ ...programRef(code), ...lineOf(countsOf(cell(null, code)!)) })),
  };
  await recordAudit(db, actor, {
    action: 'benefit.figures',
    objectType: 'org_unit',
    objectId: user.unitId,
    detail: { period: period.code, programCode: q.programCode ?? null, payments: result.total.payments },
  });
  return result;
}
