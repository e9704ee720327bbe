import type { Db } from '../db/database.js';
import { deriveSeed, Rng } from '../demo/random.js';
import { clock } from '../lib/clock.js';
import type { Sealer } from '../lib/sealing.js';
import { acceptDueOn, addDays, concludeDueOn } from './petition.deadlines.js';
import { escalatePetitions, SYSTEM_ACTOR } from './petition.escalation.js';
import {
  CHANNELS,
  petitionDb,
  type Channel,
  type NewPetition,
  type NewPetitionEvent,
  type PetitionAction,
  type Satisfaction,
} from './petition.tables.js';

const DEMO_VILLAGES = ['430623101208', '430623101213'];

/** What people in a county write to the health commission about: [subject, content, reply]. */
const TOPICS: ReadonlyArray<readonly [string, string, string]> = [
  [
    '农村部分计划生育家庭奖励扶助资格认定',
    '本人只有一个女儿，今年满60周岁，村里说不在奖励扶助名单内，请求重新认定。',
    '经核实，信访人符合奖励扶助条件，已列入本年度名单，按年1100元发放。',
  ],
  [
    '计划生育特别扶助金未按时到账',
    '独生子女去世多年，特别扶助金今年上半年未到一卡通账户，请求查明原因。',
    '经查系一卡通账户销户导致退回，已更新账户并补发。',
  ],
  [
    '独生子女父母奖励未发放',
    '夫妻双方均为独生子女父母，单位改制后奖励一直未发放，请求落实。',
    '已协调原单位主管部门核实，按政策由县财政统筹补发。',
  ],
  [
    '育儿补贴申领被退回',
    '孩子2024年出生，网上申领育儿补贴被退回，说户籍信息不符，请求帮助。',
    '系户籍登记出生日期录入错误，已协调派出所更正，补贴已重新申领。',
  ],
  [
    '生育登记办理咨询',
    '在外地务工，第二个孩子的生育登记能否在网上办理，需要哪些材料。',
    '已告知可通过网上办事大厅办理，无需回户籍地，并提供办理指引。',
  ],
  [
    '出生医学证明信息错误',
    '孩子出生医学证明上母亲身份证号有误，导致无法落户，请求更正。',
    '已协调助产机构按规定程序办理更正，信访人已完成落户。',
  ],
  [
    '计生特殊家庭就医绿色通道',
    '失独家庭，老人住院没有享受到优先就医，请求落实绿色通道政策。',
    '已督促县人民医院落实家庭医生签约和就医绿色通道，并上门回访。',
  ],
  [
    '反映村计生专干服务态度',
    '到村部办理证明时，专干态度冷淡、推诿，请求处理。',
    '经调查核实，已对相关人员批评教育，并公开服务承诺和办理时限。',
  ],
  [
    '要求退还历史征收款项',
    '2010年生育第三孩时被征收社会抚养费，现政策已取消，请求退还。',
    '已依据现行政策作出书面答复，说明历史征收的处理依据和申诉渠道。',
  ],
  [
    '免费孕前优生健康检查预约难',
    '镇卫生院每月只安排一天孕前检查，预约不上，请求增加。',
    '已协调镇卫生院增至每周一次，并开通电话预约。',
  ],
];
const NAMES = ['刘', '李', '王', '张', '陈', '杨', '周', '黄', '赵', '吴'];
const GIVEN = ['建华', '秀兰', '桂英', '国平', '志强', '丽娟', '海燕', '明华', '春花', '德胜'];
const NOT_ACCEPTED_REASONS = [
  '属于人民法院受理范围，已告知信访人依法向人民法院起诉。',
  '同一事项已于本年度办结并经复查维持，不再重复受理，已书面告知。',
];

/**
 * Demo records of the petitions register for the demo county, made after its population
 * (issue 7): about forty petitions over the last year across channels and townships (新铺村 and
 * 复兴村 always among them, so the demo accounts see some), most concluded on time, a few late,
 * two not accepted, a few still open, one left past its acceptance deadline and escalated.
 * Deterministic from the seed; runs once per county.
 */
export async function seedDemoPetitions(db: Db, _sealer: Sealer, countyCode: string, seed: number): Promise<void> {
  const pdb = petitionDb(db);
  const existing = await pdb
    .selectFrom('petition')
    .select('id')
    .where('countyCode', '=', countyCode)
    .executeTakeFirst();
  if (existing) return;
  const units = await db
    .selectFrom('orgUnit')
    .select(['id', 'level', 'parentId'])
    .where('countyCode', '=', countyCode)
    .where('level', 'in', ['township', 'village'])
    .where('validTo', 'is', null)
    .orderBy('id')
    .execute();
  const villages = units.filter((u) => u.level === 'village').map((u) => u.id);
  if (!villages.length) return;
  const users = await db
    .selectFrom('appUser')
    .select(['id', 'username'])
    .where('username', 'in', ['county', 'township'])
    .execute();
  const userId = (name: string) => users.find((u) => u.username === name)?.id ?? null;

  const rng = new Rng(deriveSeed(seed, `petitions:${countyCode}`));
  const today = clock.today();
  const petitions: NewPetition[] = [];
  const events: NewPetitionEvent[] = [];
  const numbers = new Map<string, number>();
  const N = 40;

  const unitOf = Array.from({ length: N }, (_, i) =>
    i % 4 === 0 || i === N - 4
      ? DEMO_VILLAGES[0]!
      : i % 4 === 1
        ? DEMO_VILLAGES[1]!
        : villages[rng.int(0, villages.length - 1)]!,
  );
  // Petitioners are adults of the village the petition is assigned to, where the registry has them.
  const born = addDays(today, -25 * 366);
  const residents = await db
    .selectFrom('person')
    .select(['id', 'name', 'hukouUnitId'])
    .where('countyCode', '=', countyCode)
    .where('hukouUnitId', 'in', [...new Set(unitOf)])
    .where('status', '=', 'active')
    .where('birthDate', '<=', born)
    .orderBy('hukouUnitId')
    .orderBy('birthDate')
    .orderBy('name')
    .orderBy('idNumberMasked')
    .execute();

  for (let i = 0; i < N; i++) {
    // Oldest first, so numbers follow receipt; the last ones are recent and still open.
    const receivedOn = addDays(today, -(365 - Math.round((i * 355) / (N - 1))));
    const year = receivedOn.slice(0, 4);
    const seq = (numbers.get(year) ?? 0) + 1;
    numbers.set(year, seq);
    const unitId = unitOf[i]!;
    const here = residents.filter((r) => r.hukouUnitId === unitId);
    const petitioner = here.length ? here[rng.int(0, here.length - 1)]! : null;
    const inSanfengsi = unitId.startsWith('430623101');
    const by = inSanfengsi ? userId('township') : userId('county');
    const [subject, content, replyText] = TOPICS[rng.int(0, TOPICS.length - 1)]!;
    const channel: Channel = rng.pick(CHANNELS);
    const id = rng.uuid();
    const at = (d: string, minute: number) => new Date(`${d}T09:${String(minute).padStart(2, '0')}:00+08:00`);
    const ev = (action: PetitionAction, onDate: string, note: string | null, minute: number) =>
      events.push({
        id: rng.uuid(),
        countyCode,
        petitionId: id,
        action,
        onDate,
        note,
        byUser: by,
        at: at(onDate, minute),
      });

    const p: NewPetition = {
      id,
      countyCode,
      number: `${year}-${String(seq).padStart(4, '0')}`,
      channel,
      receivedOn,
      subject,
      content,
      petitionerName: petitioner?.name ?? `${rng.pick(NAMES)}${rng.pick(GIVEN)}`,
      petitionerPhone: `13${rng.int(0, 9)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
      petitionerPersonId: petitioner?.id ?? null,
      peopleInvolved: null,
      assignedUnitId: unitId,
      status: 'registered',
      acceptDueOn: acceptDueOn(receivedOn),
      registeredBy: by,
      registeredAt: at(receivedOn, 0),
    };
    ev('register', receivedOn, '登记', 0);
    const age = -Math.round((Date.parse(receivedOn) - Date.parse(today)) / 86_400_000);

    // One petition of 新铺村 left undecided past its deadline: the escalation below raises it.
    if (i === N - 4) {
      petitions.push(p);
      continue;
    }
    if (age < 12) {
      petitions.push(p);
      continue;
    }
    const lateAccept = i === 7 || i === 23;
    const decidedOn = lateAccept ? addDays(p.acceptDueOn, 3) : addDays(receivedOn, rng.int(1, 8));
    if (i === 9 || i === 30) {
      const reason = NOT_ACCEPTED_REASONS[i === 9 ? 0 : 1]!;
      Object.assign(p, { status: 'not_accepted', decidedOn, notAcceptedReason: reason, closedOn: decidedOn });
      ev('not_accept', decidedOn, reason, 5);
      petitions.push(p);
      continue;
    }
    const extended = i === 4 || i === 22;
    const extensionDays = extended ? 20 : null;
    const due = concludeDueOn(decidedOn, extensionDays ?? 0);
    Object.assign(p, { status: 'accepted', decidedOn, concludeDueOn: due, extensionDays });
    ev('accept', decidedOn, `受理，应于${concludeDueOn(decidedOn)}前办结`, 5);
    if (extended) {
      p.extensionReason = '涉及多年发放记录，需调取档案核实';
      ev('extend', addDays(decidedOn, 45), `延期20天至${due}：${p.extensionReason}`, 10);
    }
    const lateReply = i === 12 || i === 27;
    const repliedOn = lateReply ? addDays(due, rng.int(2, 6)) : addDays(decidedOn, rng.int(10, extended ? 75 : 55));
    if (repliedOn > addDays(today, -2)) {
      petitions.push(p);
      continue;
    }
    Object.assign(p, { status: 'replied', repliedOn, reply: replyText });
    ev('reply', repliedOn, lateReply ? `答复（超期，办结期限为${due}）` : '答复', 15);
    const closedOn = addDays(repliedOn, rng.int(1, 7));
    if (closedOn > today) {
      petitions.push(p);
      continue;
    }
    const satisfaction: Satisfaction = rng.weighted([
      ['satisfied', 6],
      ['basically_satisfied', 3],
      ['dissatisfied', 1],
    ] as const);
    Object.assign(p, { status: 'closed', satisfaction, closedOn });
    ev(
      'close',
      closedOn,
      { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' }[satisfaction],
      20,
    );
    petitions.push(p);
  }

  await db.transaction().execute(async (tx) => {
    await petitionDb(tx).insertInto('petition').values(petitions).execute();
    await petitionDb(tx).insertInto('petitionEvent').values(events).execute();
  });
  await escalatePetitions(db, SYSTEM_ACTOR, { today, countyCode });
}
