import { Col, Form, Input, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonListItem } from '../../api/types.js';
import { PersonSelect } from '../../registry/PersonSelect.js';
import { PersonEventFields } from './PersonEventFields.js';
import { useRules } from './useRules.js';

/** 结婚上报: the person, the spouse (from the registry or from elsewhere) and the date. */
export function MarriageFields({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const rules = useRules();
  const form = Form.useFormInstance();
  const [person, setPerson] = useState<PersonListItem>();
  const source = (Form.useWatch(['ui', 'spouseSource'], form) as string | undefined) ?? 'registry';
  const personId = Form.useWatch(['payload', 'personId'], form) as string | undefined;
  return (
    <PersonEventFields unitId={unitId} dateLabel={t('form.marriageDate')} onPerson={setPerson}>
      <Col xs={24}>
        <Form.Item name={['ui', 'spouseSource']} label={t('form.spouseSource')} initialValue="registry">
          <Radio.Group
            data-testid="field-spouseSource"
            options={[
              { value: 'registry', label: t('form.spouseInRegistry') },
              { value: 'external', label: t('form.spouseExternal') },
            ]}
          />
        </Form.Item>
      </Col>
      {source === 'registry' ? (
        <Col xs={24} md={12}>
          <Form.Item
            name={['payload', 'spouseId']}
            label={t('form.spouse')}
            rules={[
              rules.pick(t('form.spouse')),
              {
                validator: (_, value: string | undefined) =>
                  value && value === personId
                    ? Promise.reject(new Error(t('validation.sameAsPerson')))
                    : Promise.resolve(),
              },
            ]}
          >
            <PersonSelect
              sex={person ? (person.sex === 1 ? 2 : 1) : undefined}
              exclude={personId ? [personId] : undefined}
              data-testid="field-spouseId"
            />
          </Form.Item>
        </Col>
      ) : (
        <>
          <Col xs={24} md={12}>
            <Form.Item
              name={['payload', 'spouse', 'name']}
              label={t('form.spouseName')}
              rules={[rules.required(t('form.spouseName'))]}
            >
              <Input maxLength={30} data-testid="field-spouseName" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name={['payload', 'spouse', 'idNumber']}
              label={t('form.spouseIdNumber')}
              rules={[rules.required(t('form.spouseIdNumber')), rules.idNumber()]}
            >
              <Input maxLength={18} style={{ fontFamily: 'monospace' }} data-testid="field-spouseIdNumber" />
            </Form.Item>
          </Col>
        </>
      )}
    </PersonEventFields>
  );
}
