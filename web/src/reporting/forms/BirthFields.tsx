import { Col, Divider, Form, Input, InputNumber, Radio, Row } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonListItem, Sex } from '../../api/types.js';
import { toIsoDate } from '../../lib/dates.js';
import { PersonSelect } from '../../registry/PersonSelect.js';
import { checkMotherAge } from '../validation.js';
import { EventDateItem } from './EventDateItem.js';
import { useRules } from './useRules.js';

/**
 * 出生上报: the mother (a woman of the reporting village, picked from the registry), the
 * father if known, and the child's particulars as the birth certificate gives them.
 */
export function BirthFields({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const rules = useRules();
  const form = Form.useFormInstance();
  const mother = useRef<PersonListItem>(undefined);
  const place = Form.useWatch(['payload', 'place'], form) as string | undefined;
  const defect = Form.useWatch(['payload', 'defect'], form) as boolean | undefined;
  const motherId = Form.useWatch(['payload', 'motherId'], form) as string | undefined;

  const childExpect = () => ({
    birthDate: toIsoDate(form.getFieldValue('eventDate') as Dayjs | undefined),
    sex: form.getFieldValue(['payload', 'child', 'sex']) as Sex | undefined,
  });

  return (
    <>
      <Divider titlePlacement="start" plain>
        {t('form.parentsSection')}
      </Divider>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item
            name={['payload', 'motherId']}
            label={t('form.mother')}
            dependencies={['eventDate']}
            rules={[
              rules.pick(t('form.mother')),
              {
                validator: (_, value: string | undefined) => {
                  const born = toIsoDate(form.getFieldValue('eventDate') as Dayjs | undefined);
                  const m = mother.current;
                  if (!value || !born || !m || m.id !== value) return Promise.resolve();
                  const problem = checkMotherAge(m.birthDate, born);
                  return problem ? Promise.reject(new Error(t('validation.motherTooYoung'))) : Promise.resolve();
                },
              },
            ]}
          >
            <PersonSelect
              unitId={unitId}
              sex={2}
              onPersonChange={(p) => {
                mother.current = p;
              }}
              data-testid="field-motherId"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={['payload', 'fatherId']} label={t('form.fatherOptional')}>
            <PersonSelect sex={1} exclude={motherId ? [motherId] : undefined} data-testid="field-fatherId" />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start" plain>
        {t('form.childSection')}
      </Divider>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <EventDateItem label={t('form.birthDate')} />
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={['payload', 'child', 'name']} label={t('form.childName')} extra={t('form.childNameExtra')}>
            <Input maxLength={30} data-testid="field-childName" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name={['payload', 'child', 'sex']}
            label={t('form.childSex')}
            rules={[rules.pick(t('form.childSex'))]}
          >
            <Radio.Group
              data-testid="field-childSex"
              options={[
                { value: 1, label: <span data-testid="child-sex-1">{t('sex.1')}</span> },
                { value: 2, label: <span data-testid="child-sex-2">{t('sex.2')}</span> },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name={['payload', 'weightGrams']}
            label={t('form.weightGrams')}
            rules={[rules.enter(t('form.weightGrams')), rules.weight()]}
            validateTrigger={['onChange', 'onBlur']}
          >
            <InputNumber min={0} max={99999} precision={0} style={{ width: '100%' }} data-testid="field-weightGrams" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name={['payload', 'gestationalWeeks']}
            label={t('form.gestationalWeeks')}
            rules={[rules.enter(t('form.gestationalWeeks')), rules.weeks()]}
          >
            <InputNumber
              min={0}
              max={99}
              precision={0}
              style={{ width: '100%' }}
              data-testid="field-gestationalWeeks"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name={['payload', 'child', 'idNumber']}
            label={t('form.childIdNumber')}
            dependencies={['eventDate', ['payload', 'child', 'sex']]}
            rules={[rules.idNumber(childExpect)]}
          >
            <Input maxLength={18} style={{ fontFamily: 'monospace' }} data-testid="field-childIdNumber" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={['payload', 'place']} label={t('form.place')} rules={[rules.pick(t('form.place'))]}>
            <Radio.Group
              data-testid="field-place"
              options={[
                { value: 'hospital', label: t('form.placeHospital') },
                { value: 'home', label: t('form.placeHome') },
                { value: 'other', label: t('form.placeOther') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          {place === 'hospital' && (
            <Form.Item
              name={['payload', 'hospitalName']}
              label={t('form.hospitalName')}
              rules={[rules.required(t('form.hospitalName'))]}
            >
              <Input maxLength={60} data-testid="field-hospitalName" />
            </Form.Item>
          )}
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={['payload', 'defect']} label={t('form.defect')} rules={[rules.pick(t('form.defect'))]}>
            <Radio.Group
              data-testid="field-defect"
              options={[
                { value: false, label: t('common.no') },
                { value: true, label: t('common.yes') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          {defect && (
            <Form.Item
              name={['payload', 'defectDescription']}
              label={t('form.defectDescription')}
              rules={[rules.required(t('form.defectDescription'))]}
            >
              <Input.TextArea rows={2} maxLength={200} showCount data-testid="field-defectDescription" />
            </Form.Item>
          )}
        </Col>
      </Row>
    </>
  );
}
