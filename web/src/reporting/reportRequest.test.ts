import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { hasChanges, toReportFormValues, toReportRequest } from './reportRequest.js';

describe('turning a filled-in form into a report request', () => {
  it('sends a birth with the child, the numbers and only what applies', () => {
    const request = toReportRequest('birth', {
      eventDate: dayjs('2026-01-15'),
      payload: {
        motherId: 'p-1',
        fatherId: undefined,
        child: { name: '  李小雨 ', sex: 2, idNumber: '' },
        weightGrams: 3200,
        gestationalWeeks: 39,
        place: 'home',
        hospitalName: '华容县人民医院',
        defect: false,
        defectDescription: 'ignored',
      },
    });
    expect(request).toEqual({
      eventDate: '2026-01-15',
      payload: {
        motherId: 'p-1',
        child: { name: '李小雨', sex: 2 },
        weightGrams: 3200,
        gestationalWeeks: 39,
        place: 'home',
        defect: false,
      },
    });
  });

  it("normalises a child's ID number typed with full-width digits and a lower-case x", () => {
    const request = toReportRequest('birth', {
      eventDate: dayjs('1949-12-31'),
      payload: {
        motherId: 'm',
        child: { sex: 2, idNumber: '１１０１０５１９４９１２３１００２x' },
        weightGrams: 3000,
        gestationalWeeks: 40,
        place: 'hospital',
        hospitalName: '县医院',
        defect: true,
        defectDescription: '唇裂',
      },
    });
    expect(request.payload).toMatchObject({
      child: { sex: 2, idNumber: '11010519491231002X' },
      hospitalName: '县医院',
      defect: true,
      defectDescription: '唇裂',
    });
  });

  it('sends a marriage with either a registry spouse or an outside one, never both', () => {
    const base = {
      eventDate: dayjs('2026-02-01'),
      payload: { personId: 'a', spouseId: 'b', spouse: { name: '王芳', idNumber: '11010519491231002x' } },
    };
    expect(toReportRequest('marriage', { ...base, ui: { spouseSource: 'registry' } }).payload).toEqual({
      personId: 'a',
      spouseId: 'b',
    });
    expect(toReportRequest('marriage', { ...base, ui: { spouseSource: 'external' } }).payload).toEqual({
      personId: 'a',
      spouse: { name: '王芳', idNumber: '11010519491231002X' },
    });
  });

  it('sends a move-in to an existing household or a new one', () => {
    const values = {
      eventDate: dayjs('2026-02-01'),
      payload: {
        person: { name: '赵强', idNumber: '11010519491231002X', ethnicity: '01', hukouType: 'rural' },
        householdId: 'h-1',
        newHousehold: { address: '新铺村3组', hukouType: 'rural' },
        relationship: '02',
        fromPlace: '湖南省岳阳市',
      },
    };
    expect(toReportRequest('move_in', { ...values, ui: { householdChoice: 'existing' } }).payload).not.toHaveProperty(
      'newHousehold',
    );
    const fresh = toReportRequest('move_in', { ...values, ui: { householdChoice: 'new' } }).payload;
    expect(fresh).not.toHaveProperty('householdId');
    expect(fresh).toMatchObject({ newHousehold: { address: '新铺村3组', hukouType: 'rural' } });
  });

  it('sends only the fields a correction changes', () => {
    const values = {
      eventDate: dayjs('2026-02-01'),
      payload: {
        personId: 'p',
        changes: { name: '', birthDate: dayjs('1990-05-06'), sex: undefined },
        reason: '户口簿登记错误',
      },
    };
    expect(toReportRequest('correction', values).payload).toEqual({
      personId: 'p',
      changes: { birthDate: '1990-05-06' },
      reason: '户口簿登记错误',
    });
    expect(hasChanges(values)).toBe(true);
    expect(hasChanges({ payload: { personId: 'p', changes: { name: ' ' } } })).toBe(false);
  });

  it('sends a new residence village as a change like the others', () => {
    const values = {
      eventDate: dayjs('2026-09-01'),
      payload: { personId: 'p', changes: { residenceUnitId: '430623101213' }, reason: '在复兴村居住' },
    };
    expect(toReportRequest('correction', values).payload).toEqual({
      personId: 'p',
      changes: { residenceUnitId: '430623101213' },
      reason: '在复兴村居住',
    });
    expect(hasChanges(values)).toBe(true);
    // A cleared picker leaves nothing to change.
    expect(hasChanges({ payload: { personId: 'p', changes: { residenceUnitId: undefined } } })).toBe(false);
  });

  it('fills the form again from a returned report', () => {
    const values = toReportFormValues('marriage', '2026-02-01', {
      personId: 'a',
      spouse: { name: '王芳', idNumber: 'x' },
    });
    expect(values.ui).toEqual({ spouseSource: 'external' });
    expect(values.eventDate?.format('YYYY-MM-DD')).toBe('2026-02-01');
    const correction = toReportFormValues('correction', '2026-02-01', {
      personId: 'p',
      changes: { birthDate: '1990-05-06' },
      reason: 'r',
    });
    expect(dayjs.isDayjs((correction.payload?.changes as Record<string, unknown>).birthDate)).toBe(true);
  });
});
