/** The family care page's texts. */
export const careZh = {
  title: '生育关怀',
};

export const careEn: typeof careZh = {
  title: 'Family care',
};
