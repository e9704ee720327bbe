import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';

/** Placeholder of the workflow tab (issue 6); its slice replaces it. */
export function WorkflowPanel() {
  const { t } = useTranslation();
  return <Alert type="info" message={t('benefits.workflow.title')} data-testid="benefits-workflow" />;
}
