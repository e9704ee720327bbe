/**
 * Name tables for the demo registry. Surnames carry weights close to their frequency in
 * Hunan (岳阳 is heavy in 刘, 李, 王, 张, 陈, 彭, 周, 罗, 谭, 黄); given names follow what
 * parents chose in each era, so an 80-year-old is 秀英 or 德明 and a toddler 梓涵 or 宇轩.
 */

/** [surname, weight per 1000]. Single-character surnames only: the demo does not need 欧阳. */
export const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['刘', 62],
  ['李', 60],
  ['王', 55],
  ['张', 48],
  ['陈', 45],
  ['周', 30],
  ['黄', 30],
  ['彭', 28],
  ['罗', 26],
  ['杨', 26],
  ['谭', 24],
  ['胡', 22],
  ['赵', 18],
  ['吴', 18],
  ['徐', 16],
  ['曾', 16],
  ['邓', 16],
  ['唐', 16],
  ['朱', 14],
  ['何', 14],
  ['蒋', 13],
  ['孙', 12],
  ['郭', 12],
  ['高', 11],
  ['林', 10],
  ['马', 10],
  ['郑', 10],
  ['谢', 10],
  ['许', 9],
  ['宋', 9],
  ['廖', 9],
  ['汤', 8],
  ['袁', 8],
  ['梁', 8],
  ['韩', 7],
  ['冯', 7],
  ['肖', 8],
  ['曹', 7],
  ['田', 7],
  ['董', 6],
  ['潘', 6],
  ['余', 6],
  ['熊', 6],
  ['杜', 5],
  ['叶', 5],
  ['程', 5],
  ['苏', 5],
  ['魏', 5],
  ['吕', 5],
  ['丁', 5],
  ['任', 5],
  ['沈', 5],
  ['姚', 5],
  ['卢', 5],
  ['钟', 5],
  ['严', 5],
  ['蔡', 5],
  ['付', 4],
  ['方', 4],
  ['石', 4],
  ['龚', 4],
  ['文', 4],
  ['贺', 4],
  ['戴', 4],
  ['万', 4],
  ['夏', 4],
  ['易', 4],
  ['邹', 4],
  ['黎', 4],
  ['向', 4],
  ['傅', 3],
  ['于', 3],
  ['毛', 3],
  ['覃', 3],
  ['游', 3],
  ['孟', 3],
  ['左', 3],
  ['雷', 3],
  ['秦', 3],
  ['陆', 3],
  ['聂', 3],
  ['喻', 3],
  ['鲁', 2],
  ['柳', 2],
  ['兰', 2],
  ['符', 2],
  ['殷', 2],
  ['舒', 2],
];

/** Given names by the decade band of birth. Old names are mostly two characters. */
export type Era = 'old' | 'mid' | 'young' | 'new';

export function eraOf(birthYear: number): Era {
  if (birthYear < 1960) return 'old';
  if (birthYear < 1985) return 'mid';
  if (birthYear < 2008) return 'young';
  return 'new';
}

const split = (s: string) => s.trim().split(/\s+/);

export const GIVEN_NAMES: Record<1 | 2, Record<Era, string[]>> = {
  1: {
    old: split(`建国 国强 德明 志华 春生 福生 长生 国平 建华 运生 桂生 正清 德胜 海清 金山 冬生 光明
      卫东 立新 树林 庆云 明亮 永清 汉清 炳南 松林 云山 家福 德华 克勤 跃进 新民 胜利 忠良 国华
      世昌 玉林 良才 志成 伯清 少华 大明 秋生 荣华 水生 凤鸣 仁和 启明 先进 银山`),
    mid: split(`伟 强 勇 军 斌 杰 磊 涛 波 明 辉 刚 鹏 华 平 志强 建军 海军 俊 文 勇军 小军 建平
      志勇 红军 国庆 卫国 海波 建新 志刚 小平 立军 向东 永红 晓东 春华 建明 文华 剑 峰 亮 军华
      湘平 岳军 新华 立平 振华 宏伟 红兵`),
    young: split(`浩 宇 博 鑫 俊杰 子豪 晨 阳 嘉豪 宇航 志鹏 鹏飞 文涛 家乐 凯 浩然 杰 俊 磊 涛
      思远 文博 一鸣 天宇 明轩 俊豪 子健 星宇 家豪 志豪 嘉伟 鑫宇 泽宇 振宇 海洋 宏宇 佳豪 斌
      铭 锐 雨泽 旭东 晨阳 家辉 俊宇 宇豪 子龙 天佑 梓豪`),
    new: split(`梓轩 浩然 宇轩 沐辰 一诺 俊熙 睿 皓轩 子墨 奕辰 宸 铭轩 思远 锦程 承泽 子睿 梓豪
      宇泽 浩宇 煜 俊宇 泽楷 梓睿 皓宇 明哲 嘉懿 宇航 子轩 奕博 沐阳 瑞霖 星辰 宥辰 景行 梓铭
      一航 君浩 博文 逸凡 晨曦 熠 思辰 子豪 梓洋 昊然 铭泽 锦轩 嘉树 恒宇`),
  },
  2: {
    old: split(`秀英 桂英 桂兰 秀兰 玉兰 冬梅 淑珍 菊香 桂香 春香 翠兰 凤英 玉梅 秋菊 金莲 满秀 秀珍
      爱莲 桂芝 玉珍 兰英 月娥 淑华 秀芳 凤兰 桂花 素珍 秋香 腊梅 佩兰 玉英 春兰 雪梅 金枝 美英
      秀云 兰香 巧云 菊英 银秀 爱华 月英 桂珍 凤姣 冬秀 建英 细妹 玉香 淑英 秀梅`),
    mid: split(`丽 芳 红 艳 燕 霞 敏 静 丽华 红梅 小红 海燕 春燕 丽娟 艳红 美玲 利平 丽萍 红霞 小燕
      建红 晓玲 玉红 艳平 秀红 湘君 丽君 金凤 卫红 志红 小英 春梅 丽琴 红英 慧 娟 萍 琴 英
      晓燕 新华 艳华 芬 群 利华 秋月 雪莲 美华 桂林 玲`),
    young: split(`婷 雪 倩 佳 丹 琳 欣 婷婷 佳佳 思思 雨欣 梦婷 晓雪 亚男 慧敏 佳慧 文静 莹 颖 丹丹
      倩倩 雅琴 梦瑶 思雨 晓婷 佳琪 诗琪 欣怡 雨婷 月 瑶 蕾 甜甜 璐 梦洁 琪 晶晶 紫薇 丽娜 雪梅
      嘉欣 心怡 佩佩 宇欣 子怡 静怡 思琪 春雨 美琪 颖慧`),
    new: split(`梓涵 欣怡 子涵 雨涵 诗涵 可欣 语嫣 思琪 若汐 沐晴 欣妍 梓萱 依诺 一诺 雨桐 紫萱 诗琪
      梓琪 芷若 佳怡 思彤 语桐 可馨 安琪 婉清 梦琪 悦然 雨萱 欣然 晨曦 诗雨 子萱 奕菲 若曦 芊芊
      语汐 梓晴 沐瑶 书瑶 宛如 心悦 初夏 锦汐 清妍 予安 星语 悠然 若彤 知夏 嘉怡`),
  },
};

/** Hospitals where births in the county take place, with their share of births. */
export const HOSPITALS: ReadonlyArray<readonly [string, number]> = [
  ['华容县人民医院', 55],
  ['华容县妇幼保健院', 35],
  ['华容县中医医院', 6],
  ['岳阳市妇幼保健院', 4],
];

/** Street names for addresses in residents' committees (社区). */
export const STREETS = split(`人民路 胜利路 华容大道 章华路 迎宾路 建设路 解放路 东正街 西正街 新华路
  沿河路 桥东路 文化路 黄湖路 状元路 团结路 和平路 南大街 北大街 长江路`);

/** Neighbouring counties whose ID-number address codes brides and grooms from outside carry. */
export const NEIGHBOUR_ADDRESS_CODES = [
  '430621', // 岳阳县
  '430624', // 湘阴县
  '430681', // 汨罗市
  '430682', // 临湘市
  '430602', // 岳阳楼区
  '430921', // 南县
  '430721', // 安乡县
  '421087', // 松滋市
  '421083', // 洪湖市
  '421023', // 监利县
];

export const DEATH_CAUSES: ReadonlyArray<readonly [string, number]> = [
  ['心脑血管疾病', 40],
  ['恶性肿瘤', 26],
  ['呼吸系统疾病', 14],
  ['其他疾病', 12],
  ['意外伤害', 5],
  ['衰老', 3],
];
