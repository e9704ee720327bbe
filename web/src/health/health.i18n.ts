/** The health services page's texts. */
export const healthZh = {
  title: '健康服务',
};

export const healthEn: typeof healthZh = {
  title: 'Health services',
};
