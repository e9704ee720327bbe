import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import '../i18n/index.js';
import { NoticeSheet } from './NoticePage.js';
import type { Notice } from './workflowApi.js';

const notice: Notice = {
  id: 'n1',
  cycleId: 'c1',
  year: 2026,
  programCode: 'rural_reward',
  programName: '农村部分计划生育家庭奖励扶助',
  programNameEn: 'Rural reward',
  unitId: '430623101208',
  unitName: '新铺村',
  townshipName: '三封寺镇',
  publishedOn: '2026-12-07',
  endsOn: '2026-12-13',
  ended: false,
  entries: [
    {
      candidateId: 'k1',
      personId: 'p1',
      name: '王秀英',
      idNumberMasked: '430623********0423',
      program: '农村部分计划生育家庭奖励扶助',
      months: 12,
      amountFen: 110_000,
      amountYuan: '1,100.00',
    },
  ],
  totalFen: 110_000,
  totalYuan: '1,100.00',
  objectionsTo: '新铺村村（居）委会计生专干，或三封寺镇人民政府计生办',
  objections: [],
};

describe('the printed notice', () => {
  it('names the township and village, the period, each entry with the masked ID number, the total and where objections go', () => {
    const html = renderToString(<NoticeSheet notice={notice} />);
    expect(html).toContain('三封寺镇新铺村 2026年度农村部分计划生育家庭奖励扶助对象公示');
    expect(html).toContain('公示期：2026-12-07 至 2026-12-13');
    expect(html).toContain('430623********0423');
    expect(html).toContain('1,100.00');
    expect(html).toContain('三封寺镇人民政府计生办');
  });
});
