/** The payments panel's texts (benefits.payments). */
export const paymentsZh = {
  title: '发放',
};

export const paymentsEn: typeof paymentsZh = {
  title: 'Payments',
};
