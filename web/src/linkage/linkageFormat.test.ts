import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import {
  bilingual,
  formatCount,
  formatMU,
  formatProbability,
  formatRate,
  findingText,
  formatWeight,
  reportIdFrom,
  reportPathFor,
  weightTone,
} from './linkageFormat.js';

describe('record-linkage formats', () => {
  it('rates as percentages, with a dash when there is nothing to divide', () => {
    expect(formatRate(0.92345)).toBe('92.3%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(null)).toBe('—');
  });

  it('probabilities near certainty keep their digits; tiny ones do not show as 0', () => {
    expect(formatProbability(0.9997)).toBe('99.97%');
    expect(formatProbability(1)).toBe('100%');
    expect(formatProbability(0.42)).toBe('42.0%');
    expect(formatProbability(0.00002)).toBe('<0.1%');
    expect(formatProbability(null)).toBe('—');
  });

  it('weights are signed bits with a true minus sign, and say which way they point', () => {
    expect(formatWeight(9.87)).toBe('+9.9');
    expect(formatWeight(-6.64)).toBe('\u22126.6');
    expect(formatWeight(0.01)).toBe('0');
    expect(weightTone(3)).toBe('for');
    expect(weightTone(-0.5)).toBe('against');
    expect(weightTone(0)).toBe('neutral');
  });

  it('m and u probabilities: two digits, scientific below 0.001', () => {
    expect(formatMU(0.95)).toBe('0.95');
    expect(formatMU(0.002)).toBe('0.002');
    expect(formatMU(0.00001)).toBe('1.0e-5');
    expect(formatMU(null)).toBe('—');
  });

  it('estimated counts are whole people', () => {
    expect(formatCount(1233.6)).toBe('1,234');
  });

  it("splits the engine's Chinese label from its English gloss", () => {
    expect(bilingual('出生日期相同 (same birth date)', false)).toBe('出生日期相同');
    expect(bilingual('出生日期相同 (same birth date)', true)).toBe('Same birth date');
    expect(bilingual('同村（社区） (same village)', false)).toBe('同村（社区）');
    expect(bilingual('没有括注', true)).toBe('没有括注');
  });

  it('offers the report form of the missing event, and reads a pasted report number', () => {
    expect(reportPathFor('birth')).toBe('/reports/new/birth');
    expect(reportPathFor('cremation')).toBe('/reports/new/death');
    expect(reportPathFor('enrolment')).toBe('/reports/new');
    expect(reportPathFor('residence')).toBe('/reports/new/correction');
    expect(reportIdFrom(' http://x/reports/3F2C0A1E-1B2C-4D5E-8F90-A1B2C3D4E5F6 ')).toBe(
      '3f2c0a1e-1b2c-4d5e-8f90-a1b2c3d4e5f6',
    );
    expect(reportIdFrom('R-2026-001')).toBeUndefined();
  });
});

describe("a finding in the reader's language", () => {
  const t = ((key: string, o?: Record<string, unknown>) => `${key}|${JSON.stringify(o ?? {})}`) as unknown as TFunction;
  const f = {
    kind: 'missing' as const,
    recordType: 'birth',
    eventDate: '2026-11-05',
    summary: '出生（2026-11-05，女）：母亲 张小红 在登记中没有这次出生，疑似漏报',
  };

  it("is the server's Chinese summary for a Chinese reader", () => {
    expect(findingText(t, 'zh-CN', f)).toEqual({ text: f.summary, detail: null });
  });

  it('is the gist of its kind, record and date for an English reader, with the Chinese summary for the names', () => {
    const r = findingText(t, 'en', f);
    expect(r.text).toBe(
      'linkage.gist.missing|{"record":"linkage.recordType.birth|{\\"defaultValue\\":\\"birth\\"}","date":"2026-11-05"}',
    );
    expect(r.detail).toBe(f.summary);
  });
});
