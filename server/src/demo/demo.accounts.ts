import type { Role } from '../db/schema.js';

/** Every demo account has this password; the UI marks demo accounts, and a real installation has none. */
export const DEMO_PASSWORD = 'renkou2026';

export const DEMO_ACCOUNTS: Array<{ username: string; displayName: string; role: Role; unitId: string }> = [
  { username: 'admin', displayName: '县卫健局 系统管理员', role: 'county_admin', unitId: '430623' },
  { username: 'county', displayName: '县卫健局 统计员 王丽', role: 'county_statistician', unitId: '430623' },
  { username: 'security', displayName: '安全管理员 李强', role: 'security_admin', unitId: '430623' },
  { username: 'auditor', displayName: '审计管理员 赵敏', role: 'audit_admin', unitId: '430623' },
  { username: 'fundaudit', displayName: '县审计局 资金审计员 孙伟', role: 'benefit_auditor', unitId: '430623' },
  { username: 'health', displayName: '县妇幼保健院 医生 吴静', role: 'health_worker', unitId: '430623' },
  { username: 'cases', displayName: '县卫健综合监督执法局 执法员 郑涛', role: 'case_officer', unitId: '430623' },
  { username: 'township', displayName: '三封寺镇 审核员 刘军', role: 'township_officer', unitId: '430623101' },
  { username: 'village', displayName: '新铺村 计生专干 陈芳', role: 'village_worker', unitId: '430623101208' },
  { username: 'village2', displayName: '复兴村 计生专干 周燕', role: 'village_worker', unitId: '430623101213' },
];
