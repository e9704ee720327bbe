import type { CurrentUser } from '../accounts/session.service.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { canonicalJson } from '../audit/audit.repository.js';
import type { Db, DbOrTx } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { ConflictError, InvalidInputError, NotFoundError, type FieldProblem } from '../lib/errors.js';
import {
  countyName,
  insertVersions,
  latestVersionNumber,
  latestVersions,
  versionsOf,
  type NewProgramVersion,
  type ProgramVersionRow,
} from './benefit.catalog.repository.js';
import type { NewProgram, ProgramChange, TopUp } from './benefit.catalog.schemas.js';
import type { IsoDate } from './benefit.dates.js';
import { summarize, type ProgramSummary } from './benefit.catalog.summary.js';

export type { ProgramSummary, RuleText, TierSummary } from './benefit.catalog.summary.js';
import { BenefitProgram, PROGRAMS, parseProgram, type AmountLayer } from './benefit.programs.js';

/**
 * The benefit programs as a county keeps them (docs/benefits.md, "Programs as the county keeps
 * them"). Each change is a new version holding the whole definition; the county's program is its
 * latest version, and a built-in program the county never changed is the definition shipped in
 * benefit.programs.ts.
 *
 * The first change of a built-in program stores the built-in as version 1 (no author: it is what
 * renkou shipped) and the change as version 2, in one transaction. So the history always shows
 * what the county started from, and a later release that corrects a built-in program does not
 * silently change a county that has already made it its own; an unchanged county follows the
 * release. An unstored built-in program is shown as version 1, so the first change is based on
 * version 1 like every later one is based on the version read.
 */

const BUILT_IN = new Map(PROGRAMS.map((p) => [p.code, p]));
const BUILT_IN_NOTE = '系统内置标准（首次修改时存为第1版）';

/** Who wrote a version; null for a built-in definition. */
export type Author = { id: string; name: string | null } | null;

export type ProgramView = {
  code: string;
  name: string;
  nameEn: string;
  /** A program shipped with renkou (the county may still have changed it). */
  builtIn: boolean;
  /** Whether the county has stored a version; false means the built-in definition as shipped. */
  stored: boolean;
  version: number;
  changedAt: string | null;
  changedBy: Author;
  note: string;
  program: BenefitProgram;
  summary: ProgramSummary;
};

export type ProgramVersionView = {
  version: number;
  createdAt: string | null;
  createdBy: Author;
  note: string;
  program: BenefitProgram;
};

export type ProgramDetail = ProgramView & { history: ProgramVersionView[] };

type Current = { program: BenefitProgram; version: number; row?: ProgramVersionRow };

const fromRow = (row: ProgramVersionRow): Current => ({
  program: parseProgram(row.definition),
  version: row.version,
  row,
});

/** The county's current programs: built-ins first (stored version or as shipped), then local ones by code. */
async function currentAll(db: DbOrTx, countyCode: string): Promise<Current[]> {
  const stored = new Map((await latestVersions(db, countyCode)).map((r) => [r.code, r]));
  const builtIns = PROGRAMS.map((p) => {
    const row = stored.get(p.code);
    return row ? fromRow(row) : { program: p, version: 1 };
  });
  const local = [...stored.values()]
    .filter((r) => !BUILT_IN.has(r.code))
    .sort((a, b) => (a.code < b.code ? -1 : 1))
    .map(fromRow);
  return [...builtIns, ...local];
}

async function currentOne(db: DbOrTx, countyCode: string, code: string): Promise<Current> {
  const [row] = await versionsOf(db, countyCode, code);
  if (row) return fromRow(row);
  const builtIn = BUILT_IN.get(code);
  if (builtIn) return { program: builtIn, version: 1 };
  throw new NotFoundError('奖励扶助项目');
}

/**
 * The county's programs in effect: the latest version of each, else the built-in definition.
 * The cycle generates its candidates from these.
 */
export async function programsInEffect(db: DbOrTx, countyCode: string): Promise<BenefitProgram[]> {
  return (await currentAll(db, countyCode)).map((c) => c.program);
}

/**
 * One program of the county as in effect now.
 * @throws NotFoundError for a code that is neither built in nor stored for the county
 */
export async function programInEffect(db: DbOrTx, countyCode: string, code: string): Promise<BenefitProgram> {
  return (await currentOne(db, countyCode, code)).program;
}

/** The county's programs with their summaries (what the programs page lists). */
export async function listPrograms(db: Db, user: CurrentUser): Promise<ProgramView[]> {
  const today = clock.today();
  return (await currentAll(db, user.countyCode)).map((c) => viewOf(c, user.countyCode, today));
}

/**
 * One program with its version history, newest first.
 * @throws NotFoundError for an unknown code
 */
export async function getProgram(db: Db, user: CurrentUser, code: string): Promise<ProgramDetail> {
  const current = await currentOne(db, user.countyCode, code);
  const rows = await versionsOf(db, user.countyCode, code);
  const history: ProgramVersionView[] = rows.length
    ? rows.map((r) => ({
        version: r.version,
        createdAt: r.createdAt.toISOString(),
        createdBy: authorOf(r),
        note: r.note,
        program: parseProgram(r.definition),
      }))
    : [{ version: 1, createdAt: null, createdBy: null, note: BUILT_IN_NOTE, program: current.program }];
  return { ...viewOf(current, user.countyCode, clock.today()), history };
}

/**
 * A new version of a program from a whole definition.
 * @throws InvalidInputError naming the wrong field of the definition (in Chinese); nothing is written
 * @throws NotFoundError for an unknown code
 * @throws ConflictError when `baseVersion` is not the current version (someone changed it meanwhile)
 */
export async function changeProgram(
  db: Db,
  user: CurrentUser,
  actor: Actor,
  code: string,
  input: ProgramChange,
): Promise<ProgramView> {
  const program = checkDefinition(input.program, user.countyCode);
  if (program.code !== code) throw invalid('program.code', `项目代码（code）应与路径中的 ${code} 一致`);
  return writeVersion(
    db,
    user,
    actor,
    code,
    input.baseVersion,
    () => program,
    input.note,
    'benefit.program.change',
    {},
  );
}

/**
 * Adds a county top-up layer, effective from a date, to one tier (or every tier), as a new version.
 * A layer of the county with the same date is replaced: that is a correction of the same decision.
 * @throws InvalidInputError for an unknown tier; NotFoundError for an unknown code; ConflictError for a stale base
 */
export async function addTopUp(
  db: Db,
  user: CurrentUser,
  actor: Actor,
  code: string,
  input: TopUp,
): Promise<ProgramView> {
  const division = user.countyCode;
  const divisionName = (await countyName(db, division)) ?? division;
  const layer: AmountLayer = {
    level: 'county',
    division,
    divisionName,
    from: input.from,
    fen: input.fen,
    source: input.reason,
  };
  const apply = (p: BenefitProgram): BenefitProgram => {
    if (input.tier !== undefined && !p.amounts.some((t) => t.key === input.tier))
      throw invalid(
        'tier',
        `金额档次（tier）不存在：${input.tier}；本项目的档次为 ${p.amounts.map((t) => `${t.key}（${t.label.zh}）`).join('、')}`,
      );
    return checkDefinition(
      {
        ...p,
        amounts: p.amounts.map((t) =>
          input.tier !== undefined && t.key !== input.tier
            ? t
            : {
                ...t,
                layers: [
                  ...t.layers.filter(
                    (l) => !(l.level === 'county' && l.division === division && l.from === input.from),
                  ),
                  layer,
                ],
              },
        ),
      },
      user.countyCode,
    );
  };
  const detail = { tier: input.tier ?? null, from: input.from, fen: input.fen };
  return writeVersion(db, user, actor, code, input.baseVersion, apply, input.reason, 'benefit.program.topUp', detail);
}

/**
 * A local program of the county, stored as its version 1.
 * @throws InvalidInputError for a wrong definition; ConflictError when the code is a built-in's or already the county's
 */
export async function createProgram(db: Db, user: CurrentUser, actor: Actor, input: NewProgram): Promise<ProgramView> {
  const program = checkDefinition(input.program, user.countyCode);
  if (BUILT_IN.has(program.code))
    throw new ConflictError(
      `项目代码 ${program.code} 是内置项目「${BUILT_IN.get(program.code)!.name}」的代码，请另取代码`,
    ).withField('program.code');
  const now = clock.now();
  try {
    await db.transaction().execute(async (tx) => {
      if ((await latestVersionNumber(tx, user.countyCode, program.code)) > 0) throw clash(program.code);
      await insertVersions(tx, [
        {
          countyCode: user.countyCode,
          code: program.code,
          version: 1,
          definition: program,
          createdBy: user.id,
          createdAt: now,
          note: input.note,
        },
      ]);
      await recordAudit(tx, actor, {
        action: 'benefit.program.create',
        objectType: 'benefit_program',
        objectId: program.code,
        detail: { countyCode: user.countyCode, version: 1, note: input.note, name: program.name },
      });
    });
  } catch (err) {
    // Two people creating the same code at once: the primary key lets one through.
    if (isUniqueViolation(err)) throw clash(program.code);
    throw err;
  }
  return getProgram(db, user, program.code);
}

const clash = (code: string) =>
  new ConflictError(`本县已有代码为 ${code} 的项目，请另取代码或修改该项目`).withField('program.code');

/**
 * Writes the next version of a program, made by `next` from the current one, if `baseVersion`
 * is still current. The check, the write and the audit row are one transaction; two writers of
 * the same next version are told apart by the primary key, and the loser gets the same 409.
 */
async function writeVersion(
  db: Db,
  user: CurrentUser,
  actor: Actor,
  code: string,
  baseVersion: number,
  next: (current: BenefitProgram) => BenefitProgram,
  note: string,
  action: string,
  detail: Record<string, unknown>,
): Promise<ProgramView> {
  const now = clock.now();
  let written = 0;
  try {
    await db.transaction().execute(async (tx) => {
      const current = await currentOne(tx, user.countyCode, code);
      if (baseVersion !== current.version) throw stale(current, baseVersion);
      const program = next(current.program);
      if (canonicalJson(program) === canonicalJson(current.program))
        throw invalid('program', '与当前版本相同，没有需要保存的修改');
      const rows: NewProgramVersion[] = [];
      if (!current.row)
        rows.push({
          countyCode: user.countyCode,
          code,
          version: 1,
          definition: current.program,
          createdBy: null,
          createdAt: now,
          note: BUILT_IN_NOTE,
        });
      written = current.version + 1;
      rows.push({
        countyCode: user.countyCode,
        code,
        version: written,
        definition: program,
        createdBy: user.id,
        createdAt: now,
        note,
      });
      await insertVersions(tx, rows);
      await recordAudit(tx, actor, {
        action,
        objectType: 'benefit_program',
        objectId: code,
        detail: { countyCode: user.countyCode, baseVersion, version: written, note, ...detail },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      const current = await currentOne(db, user.countyCode, code);
      throw stale(current, baseVersion);
    }
    throw err;
  }
  return getProgram(db, user, code);
}

function stale(current: Current, baseVersion: number): ConflictError {
  const who = current.row?.createdByName ? `（${current.row.createdByName} 修改）` : '';
  return new ConflictError(
    `「${current.program.name}」已被他人修改：当前为第 ${current.version} 版${who}，您的修改基于第 ${baseVersion} 版。请刷新后在最新版本上重新修改（未保存任何内容）`,
  ).withField('baseVersion');
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === '23505';
}

function invalid(field: string, message: string): InvalidInputError {
  return new InvalidInputError(message, [{ field, message }]);
}

/**
 * parseProgram, with the field named in Chinese and under `program.` (the body key), plus what
 * the schema cannot see: tier keys unique, and every provincial or county layer for a division
 * the county lies in (a layer for another division would never apply: surely a typo).
 */
function checkDefinition(input: unknown, countyCode: string): BenefitProgram {
  let program: BenefitProgram;
  try {
    program = parseProgram(input);
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    const issues = BenefitProgram.safeParse(input).error?.issues ?? [];
    const problems: FieldProblem[] = flattenIssues(issues, []).map((i) => {
      const path = i.path.map(String);
      return { field: ['program', ...path].join('.'), message: `${fieldNameZh(path)}：${i.message}` };
    });
    throw new InvalidInputError(`项目定义有误：${problems.map((p) => p.message).join('；')}`, problems);
  }
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  program.amounts.forEach((tier, i) => {
    if (seen.has(tier.key))
      problems.push({
        field: `program.amounts.${i}.key`,
        message: `${fieldNameZh(['amounts', String(i), 'key'])}：档次代码 ${tier.key} 重复`,
      });
    seen.add(tier.key);
    tier.layers.forEach((l, j) => {
      if (l.division !== undefined && !countyCode.startsWith(l.division))
        problems.push({
          field: `program.amounts.${i}.layers.${j}.division`,
          message: `${fieldNameZh(['amounts', String(i), 'layers', String(j), 'division'])}：${l.division} 不是本县（${countyCode}）或其所在省市的区划代码，该标准不会适用`,
        });
    });
  });
  if (problems.length)
    throw new InvalidInputError(`项目定义有误：${problems.map((p) => p.message).join('；')}`, problems);
  return program;
}

const RULE_KEYWORDS = [
  'all',
  'any',
  'not',
  'age',
  'birthDate',
  'hukouType',
  'sex',
  'alive',
  'hukouIn',
  'children',
  'dateFrom',
];

type Issue = { path: PropertyKey[]; message: string; code?: string; errors?: Issue[][] };

/**
 * A rule is a union of condition shapes, and zod answers a wrong condition with "invalid input"
 * for the whole union. The branch meant is the one whose problems lie deepest (an `age` condition
 * with a wrong value fails at age.value, every other shape at its own missing key), so that
 * branch's problems are reported, with their full path.
 */
function flattenIssues(issues: Issue[], prefix: PropertyKey[]): Issue[] {
  return issues.flatMap((i) => {
    const path = [...prefix, ...i.path];
    if (i.code !== 'invalid_union' || !i.errors?.length) return [{ path, message: i.message }];
    const branches = i.errors.map((b) => flattenIssues(b, path));
    const depth = (b: Issue[]) => Math.min(...b.map((x) => x.path.length));
    const best = branches.reduce((a, b) =>
      depth(b) > depth(a) || (depth(b) === depth(a) && b.length < a.length) ? b : a,
    );
    // No shape got past its keyword: the condition's keyword itself is wrong.
    if (depth(best) <= path.length + 1 && i.errors.some((b) => b.some((x) => x.code === 'unrecognized_keys')))
      return [{ path, message: `不是可识别的条件，应为 ${RULE_KEYWORDS.join('、')} 之一` }];
    return best.length ? best : [{ path, message: i.message }];
  });
}

const FIELD_ZH: Record<string, string> = {
  code: '项目代码（code）',
  name: '项目名称（name）',
  nameEn: '英文名称（nameEn）',
  per: '发放对象（per）',
  rate: '标准单位（rate）',
  entitlement: '计算方式（entitlement）',
  paid: '发放周期（paid）',
  rule: '资格条件（rule）',
  amounts: '金额档次（amounts）',
  source: '政策依据（source）',
  key: '档次代码（key）',
  label: '名称（label）',
  when: '适用条件（when）',
  layers: '标准层（layers）',
  level: '层级（level）',
  division: '区划代码（division）',
  divisionName: '区划名称（divisionName）',
  from: '生效日期（from）',
  fen: '金额（fen，分）',
  assumption: '假定说明（assumption）',
  zh: '中文',
  en: '英文',
};

/** 'amounts.0.layers.2.fen' as a person says it: 金额档次（amounts）第1项·标准层（layers）第3项·金额（fen，分）. */
export function fieldNameZh(path: string[]): string {
  if (path.length === 0) return '项目定义';
  const out: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const part = path[i]!;
    if (/^\d+$/.test(part) && out.length) out[out.length - 1] += `第${Number(part) + 1}项`;
    else out.push(FIELD_ZH[part] ?? part);
    // Inside a rule the keys are the rule language's own words (all, age, children …): kept as a path.
    if ((part === 'rule' || part === 'when') && i < path.length - 1) {
      out[out.length - 1] += ` ${path.slice(i + 1).join('.')}`;
      break;
    }
  }
  return out.join('·');
}

function authorOf(row: ProgramVersionRow): Author {
  return row.createdBy ? { id: row.createdBy, name: row.createdByName } : null;
}

function viewOf(c: Current, countyCode: string, today: IsoDate): ProgramView {
  return {
    code: c.program.code,
    name: c.program.name,
    nameEn: c.program.nameEn,
    builtIn: BUILT_IN.has(c.program.code),
    stored: c.row !== undefined,
    version: c.version,
    changedAt: c.row ? c.row.createdAt.toISOString() : null,
    changedBy: c.row ? authorOf(c.row) : null,
    note: c.row?.note ?? BUILT_IN_NOTE,
    program: c.program,
    summary: summarize(c.program, countyCode, today),
  };
}
