import { useTranslation } from 'react-i18next';
import { Page } from '../shell/Page.js';

/** 信访 (Petitions, issue 7). */
export function PetitionsPage() {
  const { t } = useTranslation();
  return <Page title={t('petitions.title')}>{null}</Page>;
}
