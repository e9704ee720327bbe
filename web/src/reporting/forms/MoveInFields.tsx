import { Col, Divider, Form, Input, Radio, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { HouseholdSelect } from '../../registry/HouseholdSelect.js';
import { useCodes } from '../../registry/useCodes.js';
import { EventDateItem } from './EventDateItem.js';
import { codeOptions } from './codeOptions.js';
import { useRules } from './useRules.js';

/** 迁入上报: a new person's particulars and the household they join or found. */
export function MoveInFields({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const rules = useRules();
  const codes = useCodes();
  const form = Form.useFormInstance();
  const choice = (Form.useWatch(['ui', 'householdChoice'], form) as string | undefined) ?? 'existing';
  const hukouOptions = [
    { value: 'rural', label: t('hukouType.rural') },
    { value: 'urban', label: t('hukouType.urban') },
  ];
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <EventDateItem label={t('form.moveInDate')} />
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name={['payload', 'fromPlace']}
            label={t('form.fromPlace')}
            rules={[rules.required(t('form.fromPlace'))]}
          >
            <Input maxLength={100} data-testid="field-fromPlace" />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start" plain>
        {t('form.newPerson')}
      </Divider>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item
            name={['payload', 'person', 'name']}
            label={t('form.name')}
            rules={[rules.required(t('form.name'))]}
          >
            <Input maxLength={30} data-testid="field-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name={['payload', 'person', 'idNumber']}
            label={t('form.idNumber')}
            rules={[rules.required(t('form.idNumber')), rules.idNumber()]}
          >
            <Input maxLength={18} style={{ fontFamily: 'monospace' }} data-testid="field-idNumber" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name={['payload', 'person', 'ethnicity']}
            label={t('form.ethnicity')}
            initialValue="01"
            rules={[rules.pick(t('form.ethnicity'))]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={codeOptions(codes.ethnicity)}
              data-testid="field-ethnicity"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name={['payload', 'person', 'hukouType']}
            label={t('form.hukouType')}
            initialValue="rural"
            rules={[rules.pick(t('form.hukouType'))]}
          >
            <Radio.Group options={hukouOptions} />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start" plain>
        {t('form.householdChoice')}
      </Divider>
      <Row gutter={16}>
        <Col xs={24}>
          <Form.Item name={['ui', 'householdChoice']} initialValue="existing">
            <Radio.Group
              options={[
                { value: 'existing', label: t('form.existingHousehold') },
                { value: 'new', label: t('form.newHousehold') },
              ]}
            />
          </Form.Item>
        </Col>
        {choice === 'existing' ? (
          <Col xs={24} md={12}>
            <Form.Item
              name={['payload', 'householdId']}
              label={t('form.household')}
              rules={[rules.pick(t('form.household'))]}
            >
              <HouseholdSelect unitId={unitId} data-testid="field-householdId" />
            </Form.Item>
          </Col>
        ) : (
          <>
            <Col xs={24} md={12}>
              <Form.Item
                name={['payload', 'newHousehold', 'address']}
                label={t('form.newHouseholdAddress')}
                rules={[rules.required(t('form.newHouseholdAddress'))]}
              >
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name={['payload', 'newHousehold', 'hukouType']}
                label={t('form.newHouseholdHukouType')}
                initialValue="rural"
                rules={[rules.pick(t('form.newHouseholdHukouType'))]}
              >
                <Radio.Group options={hukouOptions} />
              </Form.Item>
            </Col>
          </>
        )}
        <Col xs={24} md={12}>
          <Form.Item
            name={['payload', 'relationship']}
            label={t('form.relationship')}
            rules={[rules.pick(t('form.relationship'))]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={codeOptions(codes.relationship)}
              data-testid="field-relationship"
            />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
