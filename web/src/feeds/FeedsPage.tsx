import { useTranslation } from 'react-i18next';
import { Page } from '../shell/Page.js';

/** /feeds: departments' feeds (placeholder until the feeds pages land). */
export function FeedsPage() {
  const { t } = useTranslation();
  return <Page title={t('menu.feeds')}>{null}</Page>;
}
