/** The cycles panel's texts (benefits.cycles). */
export const cyclesZh = {
  placeholder: '年度名单：建设中',
};

export const cyclesEn: typeof cyclesZh = {
  placeholder: 'Yearly rosters: being built',
};
