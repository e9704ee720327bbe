import { Descriptions } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { REPORT_TYPES, type ReportType } from '../api/types.js';

const KNOWN = ['persons', 'households', 'householdsJoined', 'links', 'events', 'personsChanged'] as const;

/** What an import wrote: persons, households and links, or events by type and persons changed. */
export function ImportCounts({ counts }: { counts: Record<string, unknown> }) {
  const { t } = useTranslation();
  const items: { key: string; label: string; children: ReactNode }[] = KNOWN.filter(
    (k) => typeof counts[k] === 'number',
  ).map((k) => ({
    key: k,
    label: t(`imports.counts.${k}`),
    children: <span data-testid={`import-count-${k}`}>{String(counts[k])}</span>,
  }));
  const byType = counts.byType as Record<string, number> | undefined;
  if (byType && Object.keys(byType).length > 0) {
    items.push({
      key: 'byType',
      label: t('imports.counts.byType'),
      children: (
        <span data-testid="import-count-byType">
          {Object.entries(byType)
            .map(
              ([type, n]) =>
                `${REPORT_TYPES.includes(type as ReportType) ? t(`reportType.${type as ReportType}`) : type} ${n}`,
            )
            .join('，')}
        </span>
      ),
    });
  }
  return <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }} items={items} data-testid="import-counts" />;
}
