import type { Db } from '../db/database.js';
import { clock } from '../lib/clock.js';
import type { Sealer } from '../lib/sealing.js';
import { Rng, deriveSeed, fromDay, toDay } from '../demo/random.js';
import { nextCaseSeq } from './case.repository.js';
import { caseNumber } from './case.service.js';
import { caseDb, type CaseRow, type CaseStepRow, type StepKind } from './case.tables.js';

type Story = {
  /** Days before today the lead came in. */
  ago: number;
  kind: CaseRow['kind'];
  leadSource: CaseRow['leadSource'];
  unit: string;
  summary: string;
  parties: string;
  /** Steps as [days after the lead, kind, note]; 'referral' and 'decision' set the case's fields. */
  steps: Array<[number, StepKind, string]>;
  referredTo?: CaseRow['referredTo'];
  outcome?: CaseRow['outcome'];
};

/**
 * The stories of the demo's cases: providers who determined a fetus's sex or performed a
 * sex-selective abortion, never parents. Over two years, in each state a case can be in.
 */
const STORIES: Story[] = [
  {
    ago: 640,
    kind: 'fetal_sex_determination',
    leadSource: 'hotline',
    unit: '430623101208',
    summary: '举报电话反映新铺村附近一无证诊所用便携式B超为孕妇鉴定胎儿性别，每次收费800元。',
    parties: '无证诊所（负责人刘某，男，约50岁）；便携式B超一台',
    steps: [
      [3, 'inspection', '会同镇卫生院现场检查，查获便携式B超一台，诊所无《医疗机构执业许可证》'],
      [5, 'interview', '询问刘某，承认近三个月为他人做胎儿性别鉴定十余次'],
      [12, 'evidence', '调取收款记录、短信记录，制作现场笔录和询问笔录'],
      [40, 'decision', '依据《母婴保健法》《人口与计划生育法》作出行政处罚：没收B超设备和违法所得，罚款'],
    ],
    outcome: 'penalised',
  },
  {
    ago: 520,
    kind: 'sex_selective_abortion',
    leadSource: 'hospital',
    unit: '430623102',
    summary: '县人民医院报告：一孕妇孕20周在外地私人诊所引产后大出血转入，疑为非医学需要的选择性别人工终止妊娠。',
    parties: '外县私人诊所（地址不详）；介绍人张某',
    steps: [
      [2, 'investigation', '查阅转诊病历，核实引产经过'],
      [9, 'interview', '询问介绍人张某，提供了外县诊所线索'],
      [15, 'referral', '移送县公安局，随附病历复印件和询问笔录'],
      [90, 'decision', '公安机关已立案侦查，本案结案'],
    ],
    referredTo: 'police',
    outcome: 'referred',
  },
  {
    ago: 430,
    kind: 'fetal_sex_determination',
    leadSource: 'inspection',
    unit: '430623101213',
    summary: '例行监督检查中发现复兴村一药店张贴“孕早期验血知男女”小广告。',
    parties: '某药店（经营者周某）；寄血鉴定中介（网络联系，身份不明）',
    steps: [
      [1, 'inspection', '现场检查，收缴小广告二十余张，未发现采血器材'],
      [6, 'investigation', '核查广告所留电话为空号'],
      [30, 'decision', '查无实施鉴定的证据，责令药店清除广告，结案'],
    ],
    outcome: 'unfounded',
  },
  {
    ago: 75,
    kind: 'fetal_sex_determination',
    leadSource: 'market_regulation',
    unit: '430623101',
    summary: '市场监管部门通报：某网店向本县寄售“胎儿性别检测”采血包，收件地址在三封寺镇。',
    parties: '网店经营者（外省）；本县收件代理点',
    steps: [
      [4, 'investigation', '核实收件代理点，调取近半年快递记录'],
      [20, 'referral', '涉及跨省寄血鉴定，移送县市场监管局和公安局协查'],
    ],
    referredTo: 'market_regulation',
  },
  {
    ago: 40,
    kind: 'both',
    leadSource: 'police',
    unit: '430623103',
    summary: '公安机关在办理其他案件中发现线索：某个体医生疑为他人鉴定胎儿性别后介绍引产。',
    parties: '个体医生李某；某私人诊所',
    steps: [
      [3, 'interview', '约谈线索提供人'],
      [10, 'inspection', '对私人诊所进行突击检查，封存B超工作站一台'],
    ],
  },
  {
    ago: 6,
    kind: 'fetal_sex_determination',
    leadSource: 'hotline',
    unit: '430623104',
    summary: '“两非”举报电话：有人在集市上散发可代为鉴定胎儿性别的名片。',
    parties: '散发名片人员（身份待查）',
    steps: [],
  },
];

/**
 * Demo records of the 两非 case register, made after the county's population (issue 7): six
 * cases over two years — three closed (penalised, referred to the police, unfounded), one
 * referred to market regulation, one under investigation, one just opened. Dates count back from
 * today; numbers follow the year each case was opened.
 */
export async function seedDemoCases(db: Db, _sealer: Sealer, countyCode: string, seed: number): Promise<void> {
  const rng = new Rng(deriveSeed(seed, 'cases'));
  const officer = await db.selectFrom('appUser').select('id').where('username', '=', 'cases').executeTakeFirst();
  const units = new Set(
    (await db.selectFrom('orgUnit').select('id').where('countyCode', '=', countyCode).execute()).map((u) => u.id),
  );
  const today = toDay(clock.today());
  const years: number[] = [];
  const cases: CaseRow[] = [];
  const steps: CaseStepRow[] = [];
  for (const s of STORIES) {
    if (!units.has(s.unit)) continue;
    const lead = today - s.ago;
    const opened = Math.min(lead + 1, today);
    const year = Number(fromDay(opened).slice(0, 4));
    years.push(year);
    const id = rng.uuid();
    const stepDay = (after: number) => Math.min(lead + after, today);
    const referral = s.steps.find((x) => x[1] === 'referral');
    const decision = s.steps.find((x) => x[1] === 'decision');
    const status: CaseRow['status'] = decision
      ? 'closed'
      : referral
        ? 'referred'
        : s.steps.length
          ? 'investigating'
          : 'open';
    cases.push({
      id,
      countyCode,
      number: '',
      kind: s.kind,
      leadSource: s.leadSource,
      leadReceivedOn: fromDay(lead),
      unitId: s.unit,
      summary: s.summary,
      parties: s.parties,
      status,
      outcome: decision ? (s.outcome ?? 'other') : null,
      outcomeNote: decision ? decision[2] : null,
      referredTo: referral ? (s.referredTo ?? 'other') : null,
      referredOn: referral ? fromDay(stepDay(referral[0])) : null,
      closedOn: decision ? fromDay(stepDay(decision[0])) : null,
      openedBy: officer?.id ?? null,
      openedAt: new Date(`${fromDay(opened)}T09:00:00+08:00`),
      version: 1 + s.steps.length,
    });
    for (const [after, kind, note] of s.steps)
      steps.push({
        id: rng.uuid(),
        countyCode,
        caseId: id,
        stepOn: fromDay(stepDay(after)),
        kind,
        note,
        byUser: officer?.id ?? null,
        at: new Date(`${fromDay(stepDay(after))}T15:00:00+08:00`),
      });
  }
  if (!cases.length) return;
  await db.transaction().execute(async (tx) => {
    // Numbers continue the county's own for the year (empty on a fresh demo).
    const next = new Map<number, number>();
    for (const [i, year] of years.entries()) {
      const seq = next.get(year) ?? (await nextCaseSeq(tx, countyCode, year));
      next.set(year, seq + 1);
      cases[i]!.number = caseNumber(year, seq);
    }
    await caseDb(tx).insertInto('sexSelectionCase').values(cases).execute();
    if (steps.length) await caseDb(tx).insertInto('sexSelectionCaseStep').values(steps).execute();
  });
}
