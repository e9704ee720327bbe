import { useTranslation } from 'react-i18next';
import { PersonEventFields } from './PersonEventFields.js';

/** 离婚上报: the person and the date; the registry knows the spouse. */
export function DivorceFields({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  return <PersonEventFields unitId={unitId} dateLabel={t('form.divorceDate')} />;
}
