import { Col, Form, Input, Row } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonListItem } from '../../api/types.js';
import { EventDateItem } from './EventDateItem.js';
import { PersonItem } from './PersonItem.js';
import { useRules } from './useRules.js';

/** 死亡上报: who died, when, of what and where. */
export function DeathFields({ unitId }: { unitId: string }) {
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
          label={t('form.deathDate')}
          extraRules={[rules.notBeforeBirth(() => person?.birthDate)]}
          dependencies={[['payload', 'personId']]}
        />
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={['payload', 'cause']} label={t('form.cause')}>
          <Input maxLength={100} data-testid="field-cause" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={['payload', 'place']} label={t('form.deathPlace')}>
          <Input maxLength={60} data-testid="field-deathPlace" />
        </Form.Item>
      </Col>
    </Row>
  );
}
