import { Alert, Col, DatePicker, Divider, Form, Input, Radio, Row, Select } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonListItem } from '../../api/types.js';
import { formatDate, isFuture } from '../../lib/dates.js';
import { useCodes } from '../../registry/useCodes.js';
import { useCountyVillages, villageOptions } from '../useCountyVillages.js';
import { PersonEventFields } from './PersonEventFields.js';
import { codeOptions } from './codeOptions.js';
import { useRules } from './useRules.js';

/** 信息更正: which registered particulars change to what, and why. */
export function CorrectionFields({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const rules = useRules();
  const codes = useCodes();
  const [person, setPerson] = useState<PersonListItem>();
  const current = (value: string | undefined) => (person && value ? t('form.current', { value }) : undefined);
  const form = Form.useFormInstance();
  const eventDate = Form.useWatch('eventDate', form) as unknown;
  const villages = useCountyVillages();
  const date = dayjs.isDayjs(eventDate) ? eventDate.format('YYYY-MM-DD') : undefined;
  const residenceOptions = useMemo(() => villageOptions(villages.data ?? [], date), [villages.data, date]);
  return (
    <>
      <PersonEventFields unitId={unitId} dateLabel={t('form.correctionDate')} onPerson={setPerson} />
      <Divider titlePlacement="start" plain>
        {t('form.changes')}
      </Divider>
      <Alert type="info" showIcon title={t('form.changesHint')} style={{ marginBottom: 16 }} />
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name={['payload', 'changes', 'name']} label={t('person.name')} extra={current(person?.name)}>
            <Input maxLength={30} data-testid="field-changes-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name={['payload', 'changes', 'idNumber']}
            label={t('person.idNumber')}
            extra={current(person?.idNumberMasked ?? undefined)}
            rules={[rules.idNumber()]}
          >
            <Input maxLength={18} style={{ fontFamily: 'monospace' }} data-testid="field-changes-idNumber" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name={['payload', 'changes', 'sex']}
            label={t('person.sex')}
            extra={current(person ? t(`sex.${person.sex}`) : undefined)}
          >
            <Radio.Group
              options={[
                { value: 1, label: t('sex.1') },
                { value: 2, label: t('sex.2') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name={['payload', 'changes', 'birthDate']}
            label={t('person.birthDate')}
            extra={current(person ? formatDate(person.birthDate) : undefined)}
            rules={[rules.notFuture()]}
          >
            <DatePicker disabledDate={isFuture} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={['payload', 'changes', 'ethnicity']} label={t('person.ethnicity')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={codeOptions(codes.ethnicity)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={['payload', 'changes', 'relationship']} label={t('person.relationship')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={codeOptions(codes.relationship)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name={['payload', 'changes', 'residenceUnitId']}
            label={t('form.residenceUnit')}
            extra={t('form.residenceHint')}
          >
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              loading={villages.loading}
              placeholder={t('form.residencePlaceholder')}
              options={residenceOptions}
              data-testid="field-changes-residenceUnitId"
            />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item
            name={['payload', 'reason']}
            label={t('form.reason')}
            rules={[rules.required(t('form.reason')), { min: 2, message: t('validation.minChars', { count: 2 }) }]}
          >
            <Input.TextArea rows={2} maxLength={200} showCount data-testid="field-reason" />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
