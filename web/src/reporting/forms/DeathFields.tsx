import { Col, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { PersonEventFields } from './PersonEventFields.js';

/** 死亡上报: who died, when, of what and where. */
export function DeathFields({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  return (
    <PersonEventFields unitId={unitId} dateLabel={t('form.deathDate')}>
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
    </PersonEventFields>
  );
}
