import { Col, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { PersonEventFields } from './PersonEventFields.js';
import { useRules } from './useRules.js';

/** 迁出上报: who leaves, when, and where to. */
export function MoveOutFields({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const rules = useRules();
  return (
    <PersonEventFields unitId={unitId} dateLabel={t('form.moveOutDate')}>
      <Col xs={24}>
        <Form.Item
          name={['payload', 'destination']}
          label={t('form.destination')}
          rules={[rules.required(t('form.destination'))]}
        >
          <Input maxLength={100} data-testid="field-destination" />
        </Form.Item>
      </Col>
    </PersonEventFields>
  );
}
