import { DatePicker, Form, type FormRule } from 'antd';
import { isFuture } from '../../lib/dates.js';
import { useRules } from './useRules.js';

/** The date the event happened: required, never after today. */
export function EventDateItem({
  label,
  extraRules = [],
  dependencies,
}: {
  label: string;
  extraRules?: FormRule[];
  dependencies?: (string | string[])[];
}) {
  const rules = useRules();
  return (
    <Form.Item
      name="eventDate"
      label={label}
      rules={[rules.pick(label), rules.notFuture(), ...extraRules]}
      dependencies={dependencies}
    >
      <DatePicker disabledDate={isFuture} style={{ width: '100%' }} data-testid="field-eventDate" />
    </Form.Item>
  );
}
