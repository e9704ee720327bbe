/** The petitions page's texts. */
export const petitionsZh = {
  title: '信访',
};

export const petitionsEn: typeof petitionsZh = {
  title: 'Petitions',
};
