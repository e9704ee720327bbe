import { Col, Row } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonListItem } from '../../api/types.js';
import { EventDateItem } from './EventDateItem.js';
import { PersonItem } from './PersonItem.js';
import { useRules } from './useRules.js';

/** 离婚上报: the person and the date; the registry knows the spouse. */
export function DivorceFields({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const rules = useRules();
  const [person, setPerson] = useState<PersonListItem>();
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <PersonItem unitId={unitId} onPerson={setPerson} />
      </Col>
      <Col xs={24} md={12}>
        <EventDateItem
          label={t('form.divorceDate')}
          extraRules={[rules.notBeforeBirth(() => person?.birthDate)]}
          dependencies={[['payload', 'personId']]}
        />
      </Col>
    </Row>
  );
}
