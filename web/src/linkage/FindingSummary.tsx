import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FindingKind } from './linkageApi.js';
import { findingText } from './linkageFormat.js';

/** The finding in the reader's language (English readers see the Chinese summary below it, for the names). */
export function FindingSummary({
  finding,
}: {
  finding: { kind: FindingKind; recordType: string; eventDate: string; summary: string };
}) {
  const { t, i18n } = useTranslation();
  const { text, detail } = findingText(t, i18n.language, finding);
  return (
    <Flex vertical gap={0}>
      <span>{text}</span>
      {detail && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} lang="zh-CN">
          {detail}
        </Typography.Text>
      )}
    </Flex>
  );
}
