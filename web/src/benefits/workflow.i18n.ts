/** The workflow panel's texts (benefits.workflow). */
export const workflowZh = {
  title: '审核与公示',
};

export const workflowEn: typeof workflowZh = {
  title: 'Verification and notice',
};
