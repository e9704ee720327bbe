import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';

/** Placeholder of the payments tab (issue 6); its slice replaces it. */
export function PaymentsPanel() {
  const { t } = useTranslation();
  return <Alert type="info" message={t('benefits.payments.title')} data-testid="benefits-payments" />;
}
