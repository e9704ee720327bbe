import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { luhnValid, maskAccount, parseAccountNumber } from './benefit.account.number.js';
import { bankTextFile, bankTextOf, bankXlsxFile, parseYuan, readResultFile, yuanOf } from './benefit.bankfile.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-bankfile-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, data: Buffer | string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
};

describe('amounts between fen and the yuan of the files', () => {
  it('round-trips every amount up to 10,000 yuan exactly, and a thousand payees of 1,100/12 yuan add up', () => {
    for (let fen = 0; fen <= 1_000_000; fen += 97) expect(parseYuan(yuanOf(fen))).toBe(fen);
    expect(yuanOf(9_167)).toBe('91.67');
    expect(yuanOf(5)).toBe('0.05');
    const lines = Array.from({ length: 1000 }, () => yuanOf(9_167));
    expect(lines.reduce((s, y) => s + parseYuan(y)!, 0)).toBe(9_167_000);
    expect(yuanOf(9_167_000)).toBe('91670.00');
  });

  it('reads what banks write and refuses the rest', () => {
    expect(parseYuan('1,100.5')).toBe(110_050);
    expect(parseYuan('1100')).toBe(110_000);
    expect(parseYuan('11.005')).toBeUndefined();
    expect(parseYuan('-1.00')).toBeUndefined();
    expect(parseYuan('1e3')).toBeUndefined();
  });
});

describe('one-card account numbers', () => {
  it('16 to 19 digits with a Luhn check digit; spaces and full-width digits as typed', () => {
    expect(luhnValid('6217991234567890128')).toBe(false);
    const n = '4111111111111111';
    expect(parseAccountNumber(n)).toEqual({ ok: true, value: n });
    expect(parseAccountNumber('４１１１ 1111-1111 1111')).toEqual({ ok: true, value: n });
    expect(parseAccountNumber('4111111111111112')).toMatchObject({
      ok: false,
      message: expect.stringContaining('校验位'),
    });
    expect(parseAccountNumber('411111111111')).toMatchObject({
      ok: false,
      message: expect.stringContaining('16至19位'),
    });
    expect(parseAccountNumber('62179912345678901X')).toMatchObject({ ok: false });
    expect(maskAccount('1234')).toBe('**** **** **** 1234');
  });
});

const header = { batchNo: '430623-rural_reward-2026-0', count: 2, totalFen: 220_000 };
const lines = [
  {
    lineNo: 1,
    name: '王|芳',
    idNumber: '430623196205050023',
    account: '4111111111111111',
    amountFen: 110_000,
    memo: '2026 奖扶',
  },
  {
    lineNo: 2,
    name: '䶮李',
    idNumber: '43062319600301001X',
    account: '4111111111111111',
    amountFen: 110_000,
    memo: '2026 奖扶',
  },
];

describe('the payment file', () => {
  it('is a header line then one | line per payment, CRLF; a | in a name cannot shift the fields', () => {
    expect(bankTextOf(header, lines).split('\r\n')).toEqual([
      '430623-rural_reward-2026-0|2|2200.00',
      '1|王 芳|430623196205050023|4111111111111111|1100.00|2026 奖扶',
      '2|䶮李|43062319600301001X|4111111111111111|1100.00|2026 奖扶',
      '',
    ]);
  });

  it('is GBK bytes, with the rare characters GBK lacks encoded as GB18030 rather than lost', () => {
    const buf = bankTextFile(header, lines);
    expect(buf.includes(Buffer.from('王', 'utf8'))).toBe(false);
    expect(buf.includes(iconv.encode('王', 'gbk'))).toBe(true);
    expect(iconv.decode(buf, 'gb18030')).toContain('䶮李');
  });

  it('reads back as a result file in every form: GBK text, UTF-8 text, XLSX', async () => {
    const result = (text: string) =>
      text
        .split('\r\n')
        .map((l, i) => (i === 0 || !l ? l : `${l}|${i === 1 ? '成功||B001|20261205' : '失败|账户冻结||'}`))
        .join('\r\n');
    const text = result(bankTextOf(header, lines));
    for (const [name, data] of [
      ['gbk.txt', iconv.encode(text, 'gb18030')],
      ['utf8.txt', Buffer.from(text, 'utf8')],
    ] as const) {
      const r = await readResultFile(write(name, data), name);
      expect(r.problems).toEqual([]);
      expect(r.header).toMatchObject({ batchNo: header.batchNo, count: 2, totalFen: 220_000 });
      expect(r.lines.map((l) => [l.lineNo, l.result, l.bankRef, l.date, l.reason])).toEqual([
        [1, 'paid', 'B001', '2026-12-05', null],
        [2, 'failed', null, null, '账户冻结'],
      ]);
    }
    const xlsx = await readResultFile(write('r.xlsx', await bankXlsxFile(header, lines)), 'r.xlsx');
    // The export's XLSX has no result columns: each line is named as lacking one.
    expect(xlsx.problems.map((p) => [p.row, p.field])).toEqual([
      [3, '结果'],
      [4, '结果'],
    ]);
  });

  it('names the file, row and field of every bad line', async () => {
    const text = [
      'X|2|2200.00',
      '1|王芳|4306|4111111111111111|11.001|m|成功||B|2026-12-05',
      'a|李|4306|4111|1.00|m|完成||B|',
    ].join('\n');
    const r = await readResultFile(write('bad.txt', text), 'bad.txt');
    expect(r.problems.map((p) => [p.row, p.field])).toEqual([
      [2, '金额'],
      [3, '序号'],
      [3, '结果'],
    ]);
    expect(r.problems[0]!.message).toBe('bad.txt 第2行「金额」：应为金额（元，最多两位小数）：11.001');
  });
});
