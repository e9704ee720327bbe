import { Col, Form, Input, Row } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonListItem } from '../../api/types.js';
import { EventDateItem } from './EventDateItem.js';
import { PersonItem } from './PersonItem.js';
import { useRules } from './useRules.js';

/** 迁出上报: who leaves, when, and where to. */
export function MoveOutFields({ unitId }: { unitId: string }) {
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
          label={t('form.moveOutDate')}
          extraRules={[rules.notBeforeBirth(() => person?.birthDate)]}
          dependencies={[['payload', 'personId']]}
        />
      </Col>
      <Col xs={24}>
        <Form.Item name={['payload', 'destination']} label={t('form.destination')} rules={[rules.required(t('form.destination'))]}>
          <Input maxLength={100} data-testid="field-destination" />
        </Form.Item>
      </Col>
    </Row>
  );
}
