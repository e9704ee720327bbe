/** The programs panel's texts (benefits.programs). */
export const programsZh = {
  placeholder: '项目与标准：建设中',
};

export const programsEn: typeof programsZh = {
  placeholder: 'Programs and amounts: being built',
};
