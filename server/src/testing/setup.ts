import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { hashPassword } from '../accounts/password.js';
import { buildApp, type App } from '../app.js';
import { loadConfig } from '../config.js';
import { createDatabase, type DatabaseHandle, type Db } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Role } from '../db/schema.js';
import { DEMO_ACCOUNTS } from '../demo/demo.accounts.js';
import { makeIdNumber, maskIdNumber } from '../lib/idNumber.js';
import { namePinyin } from '../lib/pinyin.js';
import { createSealer, type Sealer } from '../lib/sealing.js';
import { shippedCountyTree } from '../org/divisions.js';
import { loadDivisionTree } from '../org/org.service.js';
import { insertPersons } from '../registry/person.repository.js';

/**
 * One helper creates what every integration test needs: a fresh database (in-memory PGlite, or a
 * new database on the PostgreSQL server named by RENKOU_TEST_PG), the county tree, users at each
 * level and a few people, and an HTTP client per user.
 */
export const PASSWORD = 'test-pass-2026';
export const XINPU = '430623101208'; // 新铺村, 三封寺镇
export const FUXING = '430623101213'; // 复兴村, 三封寺镇
export const OTHER_TOWNSHIP_VILLAGE = '430623102'; // prefix of 治河渡镇's villages

/** In-memory PGlite, or a throwaway database on the server named by RENKOU_TEST_PG (dropped on close). */
export async function freshDatabase(): Promise<DatabaseHandle> {
  const url = process.env.RENKOU_TEST_PG;
  if (!url) return createDatabase({ dataDir: 'memory' });
  const name = `renkou_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const handle = await createDatabase({ url: u.toString() });
  return {
    ...handle,
    async close() {
      await handle.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export type Client = {
  get: (url: string) => Promise<Res>;
  post: (url: string, body?: unknown) => Promise<Res>;
  put: (url: string, body?: unknown) => Promise<Res>;
  patch: (url: string, body?: unknown) => Promise<Res>;
  cookie: string;
};
export type Res = { status: number; body: any; headers: Record<string, unknown> };

export type TestCase = {
  app: App;
  db: Db;
  sealer: Sealer;
  people: Awaited<ReturnType<typeof seedPeople>>;
  users: Record<string, string>;
  as: (username: string, password?: string) => Promise<Client>;
  anonymous: Client;
  close: () => Promise<void>;
};

export async function setupTestCase(env: Record<string, string> = {}): Promise<TestCase> {
  const database = await freshDatabase();
  await migrateToLatest(database.db);
  const sealer = createSealer(randomBytes(32));
  const config = loadConfig({ RENKOU_DATA: '/nonexistent', ...env });
  const db = database.db;
  await loadDivisionTree(db, shippedCountyTree('430623')!, { groupsPerVillage: () => 2 });
  const passwordHash = await hashPassword(PASSWORD);
  const users: Record<string, string> = {};
  const accounts: Array<{ username: string; displayName: string; role: Role; unitId: string }> = [
    ...DEMO_ACCOUNTS,
    { username: 'zhihedu', displayName: '治河渡镇 审核员', role: 'township_officer', unitId: '430623102' },
  ];
  for (const a of accounts) {
    const id = randomUUID();
    users[a.username] = id;
    await db
      .insertInto('appUser')
      .values({ id, ...a, passwordHash, mustChangePassword: false })
      .execute();
  }
  const people = await seedPeople(db, sealer);
  const app = await buildApp({ database, config, sealer, version: 'test' });
  await app.ready();

  const client = (cookie: string): Client => {
    const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, body?: unknown): Promise<Res> => {
      const res = await app.inject({ method, url, payload: body as never, headers: cookie ? { cookie } : {} });
      let parsed: unknown = res.body;
      try {
        parsed = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        /* not JSON */
      }
      return { status: res.statusCode, body: parsed, headers: res.headers };
    };
    return {
      cookie,
      get: (u) => call('GET', u),
      post: (u, b) => call('POST', u, b ?? {}),
      put: (u, b) => call('PUT', u, b ?? {}),
      patch: (u, b) => call('PATCH', u, b ?? {}),
    };
  };
  return {
    app,
    db,
    sealer,
    people,
    users,
    anonymous: client(''),
    async as(username, password = PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const c = res.cookies.find((x) => x.name === 'renkou_session')!;
      return client(`renkou_session=${c.value}`);
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** A few households in 新铺村 and one in 复兴村, with valid, known ID numbers. */
async function seedPeople(db: Db, sealer: Sealer) {
  const ids = {
    husband: makeIdNumber('430623', '1988-04-12', 31),
    wife: makeIdNumber('430623', '1992-06-01', 42),
    grandmother: makeIdNumber('430623', '1950-01-20', 62),
    firstChild: makeIdNumber('430623', '2016-05-05', 11),
    fuxingWoman: makeIdNumber('430623', '1995-09-09', 22),
    fuxingMan: makeIdNumber('430623', '1993-02-02', 13),
  };
  const hXinpu = randomUUID();
  const hFuxing = randomUUID();
  await db
    .insertInto('household')
    .values([
      {
        id: hXinpu,
        countyCode: '430623',
        householdNumber: `${XINPU}0001`,
        unitId: XINPU,
        address: '华容县三封寺镇新铺村1组8号',
        hukouType: 'rural',
      },
      {
        id: hFuxing,
        countyCode: '430623',
        householdNumber: `${FUXING}0001`,
        unitId: FUXING,
        address: '华容县三封寺镇复兴村2组3号',
        hukouType: 'rural',
      },
    ])
    .execute();
  const person = (p: {
    id: string;
    name: string;
    idNumber: string;
    sex: 1 | 2;
    birthDate: string;
    unit: string;
    household: string;
    rel: string;
    marital: string;
    mother?: string;
    spouse?: string;
    birthOrder?: number;
  }) => {
    const py = namePinyin(p.name);
    return {
      id: p.id,
      countyCode: '430623',
      idNumberSealed: sealer.seal(p.idNumber),
      idNumberHash: sealer.lookupHash(p.idNumber),
      idNumberMasked: maskIdNumber(p.idNumber),
      name: p.name,
      namePinyin: py.full,
      nameInitials: py.initials,
      sex: p.sex,
      birthDate: p.birthDate,
      ethnicity: '01',
      hukouType: 'rural' as const,
      hukouUnitId: p.unit,
      residenceUnitId: p.unit,
      householdId: p.household,
      relationship: p.rel,
      motherId: p.mother ?? null,
      fatherId: null,
      spouseId: p.spouse ?? null,
      maritalStatus: p.marital,
      birthOrder: p.birthOrder ?? null,
      status: 'active' as const,
      deathDate: null,
      leftDate: null,
      history: { validFrom: p.birthDate, change: 'import' },
    };
  };
  const husband = randomUUID();
  const wife = randomUUID();
  const grandmother = randomUUID();
  const firstChild = randomUUID();
  const fuxingWoman = randomUUID();
  const fuxingMan = randomUUID();
  await insertPersons(db, [
    person({
      id: grandmother,
      name: '李桂英',
      idNumber: ids.grandmother,
      sex: 2,
      birthDate: '1950-01-20',
      unit: XINPU,
      household: hXinpu,
      rel: '52',
      marital: '30',
    }),
    person({
      id: husband,
      name: '李建国',
      idNumber: ids.husband,
      sex: 1,
      birthDate: '1988-04-12',
      unit: XINPU,
      household: hXinpu,
      rel: '02',
      marital: '20',
      mother: grandmother,
    }),
    person({
      id: wife,
      name: '王秀英',
      idNumber: ids.wife,
      sex: 2,
      birthDate: '1992-06-01',
      unit: XINPU,
      household: hXinpu,
      rel: '10',
      marital: '20',
    }),
    person({
      id: firstChild,
      name: '李明',
      idNumber: ids.firstChild,
      sex: 1,
      birthDate: '2016-05-05',
      unit: XINPU,
      household: hXinpu,
      rel: '20',
      marital: '10',
      mother: wife,
      birthOrder: 1,
    }),
    person({
      id: fuxingWoman,
      name: '张小红',
      idNumber: ids.fuxingWoman,
      sex: 2,
      birthDate: '1995-09-09',
      unit: FUXING,
      household: hFuxing,
      rel: '02',
      marital: '10',
    }),
    person({
      id: fuxingMan,
      name: '曾志强',
      idNumber: ids.fuxingMan,
      sex: 1,
      birthDate: '1993-02-02',
      unit: FUXING,
      household: hFuxing,
      rel: '99',
      marital: '10',
    }),
  ]);
  await sql`UPDATE person SET spouse_id = ${wife} WHERE id = ${husband}`.execute(db);
  await sql`UPDATE person SET spouse_id = ${husband} WHERE id = ${wife}`.execute(db);
  await sql`UPDATE person SET father_id = ${husband} WHERE id = ${firstChild}`.execute(db);
  return { husband, wife, grandmother, firstChild, fuxingWoman, fuxingMan, hXinpu, hFuxing, ids };
}

/** A valid birth report of a second child to 王秀英 in 新铺村. */
export function birthReport(people: TestCase['people'], over: Record<string, unknown> = {}) {
  return {
    type: 'birth',
    unitId: XINPU,
    eventDate: '2026-10-20',
    payload: {
      motherId: people.wife,
      fatherId: people.husband,
      child: { name: '李小雨', sex: 2 },
      weightGrams: 3300,
      gestationalWeeks: 39,
      place: 'hospital',
      hospitalName: '华容县人民医院',
      defect: false,
      ...over,
    },
  };
}
