import { useTranslation } from 'react-i18next';
import { Page } from '../shell/Page.js';

/** /linkage: record linkage review (placeholder until the linkage pages land). */
export function LinkagePage() {
  const { t } = useTranslation();
  return <Page title={t('menu.linkage')}>{null}</Page>;
}
