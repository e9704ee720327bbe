import { useTranslation } from 'react-i18next';
import { Page } from '../shell/Page.js';

/** 药具发放机 (Dispensing machines, issue 7). */
export function DispensersPage() {
  const { t } = useTranslation();
  return <Page title={t('dispensers.title')}>{null}</Page>;
}
