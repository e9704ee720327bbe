import type { Db } from '../db/database.js';
import { clock } from '../lib/clock.js';
import type { Sealer } from '../lib/sealing.js';
import { Rng, deriveSeed, fromDay, toDay } from '../demo/random.js';
import { dispenserDb, type DispenserEventRow, type DispenserRow } from './dispenser.tables.js';

/** The villages every demo shows a machine in (the demo accounts' villages among them). */
const DEMO_VILLAGE_MACHINES = ['430623101208', '430623101213'];

/**
 * Demo records of the dispensing machines register for the demo county, made after its
 * population (issue 7): a machine at each township's health centre (two in every third
 * township), a few in villages (新铺村 and 复兴村 among them, so the village demo accounts see one),
 * each with a year of weekly dispensing reports and restocking when the stock ran low. A few
 * machines were not restocked in the last weeks and are due now; one was retired. Deterministic
 * from the seed and today's date; a few thousand rows.
 */
export async function seedDemoDispensers(db: Db, _sealer: Sealer, countyCode: string, seed: number): Promise<void> {
  const rng = new Rng(deriveSeed(seed, 'dispensers'));
  const units = await db
    .selectFrom('orgUnit')
    .select(['id', 'name', 'level', 'parentId'])
    .where('countyCode', '=', countyCode)
    .where('level', 'in', ['township', 'village'])
    .where('validTo', 'is', null)
    .orderBy('id')
    .execute();
  const townships = units.filter((u) => u.level === 'township');
  if (!townships.length) return;
  const villages = new Map(units.filter((u) => u.level === 'village').map((u) => [u.id, u]));
  // Two more villages than the demo ones: the first village of the second and third township.
  const extra = townships
    .slice(1, 3)
    .map((t) => units.find((u) => u.parentId === t.id && u.level === 'village')?.id)
    .filter((x): x is string => !!x);

  type Plan = { unitId: string; code: string; location: string; capacity: number; rate: [number, number] };
  const plans: Plan[] = [];
  townships.forEach((t, i) => {
    const n = t.id.slice(-3);
    plans.push({
      unitId: t.id,
      code: `HR-${n}-01`,
      location: `${t.name}卫生院门诊大厅`,
      capacity: 200,
      rate: [10, 30],
    });
    if (i % 3 === 0)
      plans.push({ unitId: t.id, code: `HR-${n}-02`, location: `${t.name}政务服务中心`, capacity: 150, rate: [6, 18] });
  });
  for (const v of [...DEMO_VILLAGE_MACHINES, ...extra]) {
    const u = villages.get(v);
    if (u)
      plans.push({
        unitId: v,
        code: `HR-${v.slice(-6)}`,
        location: `${u.name}卫生室门口`,
        capacity: 120,
        rate: [4, 12],
      });
  }

  const today = toDay(clock.today());
  const start = today - 364;
  const machines: DispenserRow[] = [];
  const events: DispenserEventRow[] = [];
  const at = clock.now();
  const event = (
    d: DispenserRow,
    kind: DispenserEventRow['kind'],
    day: number,
    quantity: number,
    stock: number,
    note: string | null,
  ): DispenserEventRow => {
    const e: DispenserEventRow = {
      id: rng.uuid(),
      countyCode,
      dispenserId: d.id,
      kind,
      onDate: fromDay(day),
      quantity,
      stockAfter: stock,
      note,
      byUser: null,
      at,
    };
    events.push(e);
    return e;
  };

  plans.forEach((p, i) => {
    const threshold = Math.round(p.capacity * 0.2);
    const installed = start - rng.int(30, 700);
    // Every fifth machine was left unrestocked in the last five weeks: those are due now.
    const late = i % 5 === 2 || p.unitId === DEMO_VILLAGE_MACHINES[0];
    const retired = i === plans.length - 1 && plans.length > 4;
    const d: DispenserRow = {
      id: rng.uuid(),
      countyCode,
      code: p.code,
      unitId: p.unitId,
      location: p.location,
      installedOn: fromDay(installed),
      capacity: p.capacity,
      stock: 0,
      restockThreshold: threshold,
      retiredOn: null,
      version: 1,
    };
    event(d, 'stocktake', installed, p.capacity, p.capacity, '安装时库存');
    let stock = rng.int(Math.round(p.capacity * 0.4), p.capacity);
    event(d, 'stocktake', start, Math.abs(p.capacity - stock), stock, `年度盘点：实点 ${stock} 盒`);
    const end = retired ? today - 60 : today;
    let lastReport: DispenserEventRow | undefined;
    for (let day = start + 7; day <= end; day += 7) {
      const quantity = Math.min(stock, rng.int(p.rate[0], p.rate[1]));
      stock -= quantity;
      lastReport = event(d, 'dispense', day, quantity, stock, null);
      const lateNow = late && day > today - 35;
      if (stock <= threshold && !lateNow) {
        const add = p.capacity - stock - rng.int(0, 10);
        stock += add;
        event(d, 'restock', Math.min(day + 1, today), add, stock, '县药具站配送');
      }
    }
    if (late && stock > threshold) {
      // A busy last week: the machine's last report (no restock came after it) brings it under the line.
      const last = lastReport!;
      const more = stock - threshold + rng.int(0, Math.min(threshold, 5));
      last.quantity += more;
      last.stockAfter -= more;
      stock -= more;
    }
    d.stock = stock;
    if (retired) d.retiredOn = fromDay(end + 1);
    machines.push(d);
  });

  await db.transaction().execute(async (tx) => {
    await dispenserDb(tx).insertInto('dispenser').values(machines).execute();
    for (let i = 0; i < events.length; i += 1000)
      await dispenserDb(tx)
        .insertInto('dispenserEvent')
        .values(events.slice(i, i + 1000))
        .execute();
  });
}
