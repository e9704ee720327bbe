/** The fundAudit panel's texts (benefits.fundAudit). */
export const fundAuditZh = {
  title: '资金审计',
};

export const fundAuditEn: typeof fundAuditZh = {
  title: 'Funds audit',
};
