/** The benefit pages' texts (the `benefits` section of both catalogs); each panel keeps its own. */
import { cyclesEn, cyclesZh } from './cycles.i18n.js';
import { fundAuditEn, fundAuditZh } from './fundAudit.i18n.js';
import { paymentsEn, paymentsZh } from './payments.i18n.js';
import { programsEn, programsZh } from './programs.i18n.js';
import { workflowEn, workflowZh } from './workflow.i18n.js';

export const benefitsZh = {
  title: '奖励扶助',
  subtitle: '计划生育奖励扶助、特别扶助、独生子女父母保健费与育儿补贴：项目、年度名单与发放',
  tabs: {
    programs: '项目与标准',
    cycles: '年度名单',
    workflow: '核实审批与公示',
    payments: '资金发放',
    fundAudit: '资金审计',
  },
  programs: programsZh,
  cycles: cyclesZh,
  workflow: workflowZh,
  payments: paymentsZh,
  fundAudit: fundAuditZh,
};

export const benefitsEn: typeof benefitsZh = {
  title: 'Benefits',
  subtitle:
    'Rural reward, special assistance, only-child health fee and childcare subsidy: programs, yearly rosters and payments',
  tabs: {
    programs: 'Programs and amounts',
    cycles: 'Yearly rosters',
    workflow: 'Verification, approval and notice',
    payments: 'Payments',
    fundAudit: 'Funds audit',
  },
  programs: programsEn,
  cycles: cyclesEn,
  workflow: workflowEn,
  payments: paymentsEn,
  fundAudit: fundAuditEn,
};
