/** The sex-selection cases page's texts. */
export const casesZh = {
  title: '两非案件',
};

export const casesEn: typeof casesZh = {
  title: 'Sex-selection cases',
};
