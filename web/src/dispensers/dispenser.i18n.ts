/** The dispensing machines page's texts. */
export const dispensersZh = {
  title: '药具发放机',
};

export const dispensersEn: typeof dispensersZh = {
  title: 'Dispensing machines',
};
