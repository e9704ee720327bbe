import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';

/** Placeholder of the fundAudit tab (issue 6); its slice replaces it. */
export function FundAuditPanel() {
  const { t } = useTranslation();
  return <Alert type="info" message={t('benefits.fundAudit.title')} data-testid="benefits-fundAudit" />;
}
