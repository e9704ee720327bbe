/**
 * National code tables users know by number: ethnicity (GB 3304), relationship to the
 * household head (GB/T 4761-2008), marital status (GB/T 2261.2) and sex (GB/T 2261.1).
 */
import type { HukouType, PersonStatus, ReportStatus, ReportType } from '../db/schema.js';

export const SEX: Record<string, string> = { '1': '男', '2': '女' };

/** renkou's own codes, named the way users read them. */
export const PERSON_STATUS_NAMES: Record<PersonStatus, string> = { active: '在册', dead: '死亡', moved_out: '迁出' };
export const HUKOU_TYPE_NAMES: Record<HukouType, string> = { rural: '农业', urban: '非农业' };
export const REPORT_TYPE_NAMES: Record<ReportType, string> = {
  birth: '出生',
  death: '死亡',
  marriage: '结婚',
  divorce: '离婚',
  move_in: '迁入',
  move_out: '迁出',
  correction: '信息更正',
};
export const REPORT_STATUS_NAMES: Record<ReportStatus, string> = {
  submitted: '待乡镇审核',
  returned: '已退回',
  township_approved: '待县级确认',
  confirmed: '已确认',
  cancelled: '已撤销',
};

export const ETHNICITY: Record<string, string> = Object.fromEntries(
  (
    '汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 ' +
    '佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 ' +
    '锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 ' +
    '赫哲族 门巴族 珞巴族 基诺族'
  )
    .split(' ')
    .map((n, i) => [String(i + 1).padStart(2, '0'), n] as const)
    .concat([
      ['97', '其他'],
      ['98', '外国血统中国籍人士'],
    ]),
);

export const RELATIONSHIP: Record<string, string> = {
  '02': '户主',
  '10': '配偶',
  '11': '夫',
  '12': '妻',
  '20': '子',
  '21': '独生子',
  '22': '长子',
  '23': '次子',
  '24': '三子',
  '25': '四子',
  '26': '五子',
  '27': '养子或继子',
  '28': '女婿',
  '29': '其他儿子',
  '30': '女',
  '31': '独生女',
  '32': '长女',
  '33': '次女',
  '34': '三女',
  '35': '四女',
  '36': '五女',
  '37': '养女或继女',
  '38': '儿媳',
  '39': '其他女儿',
  '40': '孙子、孙女或外孙子、外孙女',
  '41': '孙子',
  '42': '孙女',
  '43': '外孙子',
  '44': '外孙女',
  '45': '孙媳妇或外孙媳妇',
  '46': '孙女婿或外孙女婿',
  '47': '曾孙子或外曾孙子',
  '48': '曾孙女或外曾孙女',
  '49': '其他孙子、孙女或外孙子、外孙女',
  '50': '父母',
  '51': '父亲',
  '52': '母亲',
  '53': '公公',
  '54': '婆婆',
  '55': '岳父',
  '56': '岳母',
  '57': '继父或养父',
  '58': '继母或养母',
  '59': '其他父母关系',
  '60': '祖父母或外祖父母',
  '61': '祖父',
  '62': '祖母',
  '63': '外祖父',
  '64': '外祖母',
  '70': '兄弟姐妹',
  '71': '兄',
  '72': '嫂',
  '73': '弟',
  '74': '弟媳',
  '75': '姐姐',
  '76': '姐夫',
  '77': '妹妹',
  '78': '妹夫',
  '79': '其他兄弟姐妹',
  '80': '其他',
  '97': '其他亲属',
  '99': '非亲属',
};

export const MARITAL_STATUS: Record<string, string> = {
  '10': '未婚',
  '20': '已婚',
  '30': '丧偶',
  '40': '离婚',
  '90': '未说明的婚姻状况',
};

const isHeadOrSpouse = (r: string | null) => r === '02' || r === '10' || r === '11' || r === '12';
const isSon = (r: string | null) => r !== null && r >= '20' && r <= '29' && r !== '28';
const isDaughter = (r: string | null) => r !== null && r >= '30' && r <= '39' && r !== '38';

/**
 * A newborn's relationship to the head follows from the mother's (or father's): the head's
 * child, grandchild through a son (孙) or through a daughter (外孙); anything else is 其他亲属.
 */
export function newbornRelationship(sex: 1 | 2, motherRel: string | null, fatherRel: string | null): string {
  if (isHeadOrSpouse(motherRel) || isHeadOrSpouse(fatherRel)) return sex === 1 ? '20' : '30';
  if (isSon(fatherRel) || motherRel === '38') return sex === 1 ? '41' : '42';
  if (isDaughter(motherRel) || fatherRel === '28') return sex === 1 ? '43' : '44';
  return '97';
}
