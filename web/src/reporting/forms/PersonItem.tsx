import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PersonListItem } from '../../api/types.js';
import { PersonSelect } from '../../registry/PersonSelect.js';
import { useRules } from './useRules.js';

/** The person a report is about, searched in the reporting village's registry. */
export function PersonItem({
  unitId,
  onPerson,
  label,
}: {
  unitId: string;
  onPerson?: (person: PersonListItem | undefined) => void;
  label?: string;
}) {
  const { t } = useTranslation();
  const rules = useRules();
  const text = label ?? t('form.person');
  return (
    <Form.Item name={['payload', 'personId']} label={text} rules={[rules.pick(text)]}>
      <PersonSelect unitId={unitId} onPersonChange={onPerson} data-testid="field-personId" />
    </Form.Item>
  );
}
