import { Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { dueTag, type FollowupListItem, type HealthResult, type PersonRef } from './healthApi.js';

/** A follow-up's due state today: overdue in red with its days, due soon in orange, closed in green. */
export function DueStatusTag({
  followup,
  today,
}: {
  followup: Pick<FollowupListItem, 'status' | 'dueOn'> & Partial<Pick<FollowupListItem, 'dueState' | 'daysOverdue'>>;
  today: string;
}) {
  const { t } = useTranslation();
  const tag = dueTag(followup, today);
  const text =
    tag.state === 'soon' && tag.days === 0
      ? t('health.due.soonToday')
      : t(`health.due.${tag.state}`, { days: tag.days });
  return (
    <Tag color={tag.color} data-testid="followup-due" data-state={tag.state}>
      {text}
    </Tag>
  );
}

export function ResultTag({ result }: { result: HealthResult }) {
  const { t } = useTranslation();
  return (
    <Tag color={result === 'abnormal' ? 'volcano' : 'green'} data-testid="service-result" data-result={result}>
      {t(`health.results.${result}`)}
    </Tag>
  );
}

/** Findings or a note as the server returned it: the text, or a "masked" tag when it kept it back. */
export function SealedText({
  text,
  masked,
  'data-testid': testId,
}: {
  text: string | null;
  masked: boolean;
  'data-testid'?: string;
}) {
  const { t } = useTranslation();
  if (masked)
    return (
      <Tooltip title={t('health.maskedHint')}>
        <Tag data-testid={`${testId ?? 'sealed'}-masked`}>{t('health.masked')}</Tag>
      </Tooltip>
    );
  if (!text) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Typography.Text data-testid={testId} style={{ whiteSpace: 'pre-wrap' }}>
      {text}
    </Typography.Text>
  );
}

/** A person as lists show them: the name, then the masked ID number. */
export function PersonCell({ person }: { person: PersonRef }) {
  return (
    <Space direction="vertical" size={0}>
      <Typography.Text strong>{person.name}</Typography.Text>
      {person.idNumberMasked && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {person.idNumberMasked}
        </Typography.Text>
      )}
    </Space>
  );
}

/** The sex of a person reference, whichever way the server spells it (1/2 or male/female). */
export function sexKey(sex: PersonRef['sex']): 'male' | 'female' {
  return sex === 1 || sex === 'male' ? 'male' : 'female';
}
