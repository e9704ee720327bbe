/**
 * Test helpers for the payment tests: registry persons, valid one-card numbers, approving a
 * cycle's candidates directly (the workflow that approves them is tested on its own), downloading
 * and uploading files through the API.
 */
import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import { insertPersons } from '../registry/person.repository.js';
import { personRowBuilder, type TestPerson } from '../testing/persons.js';
import type { Client, TestCase } from '../testing/setup.js';
import { luhnValid } from './benefit.account.number.js';
import { payDb } from './benefit.payment.repository.js';

let seq = 300;

/** A valid 19-digit UnionPay-like number ending in its Luhn digit. */
export function cardNumber(n: number): string {
  const body = `621799${String(n).padStart(12, '0')}`;
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

export type P = TestPerson;

export function registry(t: TestCase) {
  const ids: Record<string, string> = {};
  const row = personRowBuilder(() => t.sealer, {
    ids,
    nextSeq: () => seq++,
    surname: '付',
    pinyin: 'fu',
    initials: 'f',
  });
  /** A rural couple in their sixties with one son born in 1990: the rural reward pays both. */
  const ruralCouple = async (key: string, unit: string, over: { H?: Partial<P>; W?: Partial<P> } = {}) => {
    await insertPersons(t.db, [
      row({ key: `${key}H`, sex: 1, birth: '1960-03-01', unit, spouse: `${key}W`, ...over.H }),
      row({ key: `${key}W`, sex: 2, birth: '1962-05-05', unit, spouse: `${key}H`, ...over.W }),
    ]);
    await insertPersons(t.db, [
      row({ key: `${key}C`, sex: 1, birth: '1990-08-08', unit, mother: `${key}W`, father: `${key}H` }),
    ]);
  };
  /** An urban couple whose only child died in 2015, the mother 56 in 2026: special assistance. */
  const bereavedCouple = async (key: string, unit: string) => {
    await insertPersons(t.db, [
      row({ key: `${key}H`, sex: 1, birth: '1968-08-08', unit, hukou: 'urban', spouse: `${key}W` }),
      row({ key: `${key}W`, sex: 2, birth: '1970-02-10', unit, hukou: 'urban', spouse: `${key}H` }),
    ]);
    await insertPersons(t.db, [
      row({
        key: `${key}C`,
        sex: 2,
        birth: '1995-05-05',
        unit,
        hukou: 'urban',
        mother: `${key}W`,
        father: `${key}H`,
        death: '2015-07-01',
      }),
    ]);
  };
  /** An urban couple with one living child born in 1996 (its disability assessments are the test's). */
  const disabledChildCouple = async (key: string, unit: string) => {
    await insertPersons(t.db, [
      row({ key: `${key}H`, sex: 1, birth: '1966-04-04', unit, hukou: 'urban', spouse: `${key}W` }),
      row({ key: `${key}W`, sex: 2, birth: '1968-03-03', unit, hukou: 'urban', spouse: `${key}H` }),
    ]);
    await insertPersons(t.db, [
      row({ key: `${key}C`, sex: 1, birth: '1996-06-06', unit, hukou: 'urban', mother: `${key}W`, father: `${key}H` }),
    ]);
  };
  /** Any persons, in one insert (so a couple can name each other); parents in an earlier call than their children. */
  const add = async (...people: P[]) => {
    await insertPersons(t.db, people.map(row));
  };
  return { ids, ruralCouple, bereavedCouple, disabledChildCouple, add, name: (key: string) => `付${key}` };
}

/** Generates a cycle and approves every eligible candidate, as the county's approval would. */
export async function approvedCycle(t: TestCase, county: Client, programCode: string, year = 2026) {
  const res = await county.post('/api/benefits/cycles', { programCode, year });
  if (res.status !== 201) throw new Error(`cycle: ${res.status} ${JSON.stringify(res.body)}`);
  await payDb(t.db)
    .updateTable('benefitCandidate')
    .set({ status: 'approved', villageVerdict: 'eligible' })
    .where('cycleId', '=', res.body.cycleId)
    .where('outcome', '=', 'yes')
    .execute();
  return res.body.cycleId as string;
}

export async function login(t: TestCase, username: string, password: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  return `renkou_session=${res.cookies.find((c) => c.name === 'renkou_session')!.value}`;
}

/** POSTs one file as multipart, as the web app's upload does. */
export async function upload(t: TestCase, cookie: string, url: string, name: string, data: Buffer) {
  const boundary = `----renkou${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  return { status: res.statusCode, body: JSON.parse(res.body) as any };
}

export async function download(t: TestCase, cookie: string, url: string) {
  const res = await t.app.inject({ method: 'GET', url, headers: { cookie } });
  return { status: res.statusCode, raw: res.rawPayload, headers: res.headers, body: res.body };
}

/** The bank's answer to an exported text file: every line 成功 unless told otherwise. */
export function resultFileFor(
  exported: Buffer,
  answer: (lineNo: number) => { ok: true; ref?: string; date?: string } | { ok: false; reason: string },
  encoding: 'gbk' | 'utf-8' = 'gbk',
): Buffer {
  const lines = iconv.decode(exported, 'gb18030').split('\r\n').filter(Boolean);
  const out = [lines[0]!];
  for (const l of lines.slice(1)) {
    const lineNo = Number(l.split('|')[0]);
    const a = answer(lineNo);
    out.push(
      a.ok
        ? `${l}|成功||${a.ref ?? `YH${String(lineNo).padStart(6, '0')}`}|${a.date ?? '2026-12-05'}`
        : `${l}|失败|${a.reason}||`,
    );
  }
  const text = out.join('\r\n') + '\r\n';
  return encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
}
