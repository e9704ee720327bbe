import { Alert, Button, Card, Descriptions, Flex, Select, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { REPORT_TYPES, type ImportPreview, type ReportType } from '../api/types.js';
import { formatDateTime } from '../lib/dates.js';
import { useCodes } from '../registry/useCodes.js';
import { ImportProblemsTable } from './ImportProblemsTable.js';
import { doublyMapped, missingFields, sampleProblems, sampleValue } from './importForm.js';

/** A previewed value as a person reads it: code tables by name, flags as yes/no. */
function useSampleText() {
  const { t } = useTranslation();
  const codes = useCodes();
  return (key: string, value: unknown): ReactNode => {
    if (value === null || value === undefined || value === '')
      return <Typography.Text type="secondary">—</Typography.Text>;
    if (key === 'sex') return codes.label('sex', value as string);
    if (key === 'ethnicity') return codes.label('ethnicity', value as string);
    if (key === 'relationship') return codes.label('relationship', value as string);
    if (key === 'maritalStatus') return codes.label('maritalStatus', value as string);
    if (key === 'hukouType' && (value === 'rural' || value === 'urban')) return t(`hukouType.${value}`);
    if ((key === 'type' || key === 'eventType') && REPORT_TYPES.includes(value as ReportType)) {
      return t(`reportType.${value as ReportType}`);
    }
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  };
}

/**
 * What the server read from the file, before anything is written: the header it found, which
 * column feeds which field (changeable), the first rows as they would be imported, and every
 * problem found. `onMappingChange` edits the mapping; `onRepreview` sends the file again with it.
 */
export function ImportPreviewCard({
  preview,
  mapping,
  mappingDirty,
  busy,
  onMappingChange,
  onRepreview,
  sheetPicker,
}: {
  preview: ImportPreview;
  mapping: Record<string, string>;
  mappingDirty: boolean;
  busy: boolean;
  onMappingChange: (mapping: Record<string, string>) => void;
  onRepreview: () => void;
  sheetPicker?: ReactNode;
}) {
  const { t } = useTranslation();
  const text = useSampleText();
  const missing = missingFields(preview.fields, mapping);
  const twice = doublyMapped(mapping);
  const fieldHeader = (key: string) => preview.fields.find((f) => f.key === key)?.header ?? key;
  const shownFields = preview.fields.filter((f) => Object.values(mapping).includes(f.key));
  const rowProblems = sampleProblems(preview);
  const fieldOptions = [
    { value: '', label: t('imports.ignore') },
    ...preview.fields.map((f) => ({ value: f.key, label: `${f.required ? '* ' : ''}${f.header}` })),
  ];

  return (
    <Card title={t('imports.step2')} data-testid="import-preview">
      <Flex vertical gap={16}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'file', label: t('imports.file'), children: preview.fileName },
            {
              key: 'format',
              label: t('imports.format'),
              children: [preview.format.toUpperCase(), preview.encoding, preview.sheetName].filter(Boolean).join(' · '),
            },
            {
              key: 'header',
              label: t('imports.headerRow'),
              children: (
                <span data-testid="import-header-row">
                  {preview.headerRow ? t('imports.headerRowValue', { row: preview.headerRow }) : t('imports.noHeader')}
                </span>
              ),
            },
            {
              key: 'rows',
              label: t('imports.rowCount'),
              children: <span data-testid="import-row-count">{preview.rowCount}</span>,
            },
            {
              key: 'problems',
              label: t('imports.problemCount'),
              children:
                preview.problemCount > 0 ? (
                  <Typography.Text type="danger" data-testid="import-problem-count">
                    {t('imports.problemSummary', { rows: preview.badRowCount, problems: preview.problemCount })}
                  </Typography.Text>
                ) : (
                  <Typography.Text type="success" data-testid="import-problem-count">
                    {t('imports.noProblems')}
                  </Typography.Text>
                ),
            },
            ...(sheetPicker ? [{ key: 'sheet', label: t('imports.sheet'), children: sheetPicker }] : []),
          ]}
        />
        {preview.alreadyImported && (
          <Alert
            type="warning"
            showIcon
            data-testid="import-already"
            title={t('imports.alreadyImported', {
              at: formatDateTime(preview.alreadyImported.finishedAt ?? preview.alreadyImported.startedAt),
              by: preview.alreadyImported.importedBy.displayName,
            })}
            action={<Link to={`/imports/${preview.alreadyImported.id}`}>{t('imports.openBatch')}</Link>}
          />
        )}

        <div>
          <Typography.Title level={5}>{t('imports.mapping')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('imports.mappingHint')}</Typography.Paragraph>
          <Table
            size="small"
            rowKey="column"
            pagination={false}
            data-testid="import-mapping"
            dataSource={preview.headers}
            scroll={{ y: 320 }}
            columns={[
              { title: t('imports.column'), dataIndex: 'column', width: 70 },
              { title: t('imports.fileHeader'), dataIndex: 'header' },
              {
                title: t('imports.field'),
                key: 'field',
                width: 280,
                render: (_, h) => (
                  <Select
                    value={mapping[h.header] ?? ''}
                    options={fieldOptions}
                    onChange={(field: string) => onMappingChange({ ...mapping, [h.header]: field })}
                    style={{ width: '100%' }}
                    showSearch={{ optionFilterProp: 'label' }}
                    data-testid={`import-map-${h.column}`}
                    status={mapping[h.header] && twice.has(mapping[h.header]!) ? 'error' : undefined}
                  />
                ),
              },
            ]}
          />
          <Flex vertical gap={8} style={{ marginTop: 12 }}>
            {missing.length > 0 && (
              <Alert
                type="error"
                showIcon
                data-testid="import-missing-fields"
                title={t('imports.missing', { fields: missing.map((f) => f.header).join('、') })}
              />
            )}
            {[...twice].map(([field, headers]) => (
              <Alert
                key={field}
                type="error"
                showIcon
                title={t('imports.twice', { field: fieldHeader(field), headers: headers.join('、') })}
              />
            ))}
            {mappingDirty && (
              <Alert
                type="info"
                showIcon
                title={t('imports.mappingChanged')}
                action={
                  <Button
                    size="small"
                    type="primary"
                    loading={busy}
                    onClick={onRepreview}
                    data-testid="import-repreview"
                  >
                    {t('imports.repreview')}
                  </Button>
                }
              />
            )}
          </Flex>
        </div>

        {preview.sample.length > 0 && (
          <div>
            <Typography.Title level={5}>{t('imports.sample', { count: preview.sample.length })}</Typography.Title>
            <Table
              size="small"
              rowKey="row"
              pagination={false}
              data-testid="import-sample"
              dataSource={preview.sample}
              scroll={{ x: 'max-content' }}
              rowClassName={(r) => ((rowProblems.get(r.row) ?? []).length > 0 ? 'renkou-bad-row' : '')}
              columns={[
                { title: t('imports.sampleRow'), dataIndex: 'row', width: 60, fixed: 'left' },
                {
                  title: t('imports.sampleProblems'),
                  key: 'problems',
                  width: 320,
                  render: (_: unknown, r: ImportPreview['sample'][number]) =>
                    (rowProblems.get(r.row) ?? []).length === 0 ? (
                      <Tag color="green">OK</Tag>
                    ) : (
                      <Flex vertical>
                        {(rowProblems.get(r.row) ?? []).map((p, i) => (
                          <Typography.Text key={i} type="danger" style={{ fontSize: 12 }}>
                            {p}
                          </Typography.Text>
                        ))}
                      </Flex>
                    ),
                },
                ...shownFields.map((f) => ({
                  title: f.header,
                  key: f.key,
                  render: (_: unknown, r: ImportPreview['sample'][number]) => text(f.key, sampleValue(r.values, f.key)),
                })),
              ]}
            />
          </div>
        )}

        {preview.problems.length > 0 && (
          <div>
            <Typography.Title level={5}>{t('imports.problems')}</Typography.Title>
            {preview.problemCount > preview.problems.length && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 8 }}
                title={t('imports.problemsTruncated', { total: preview.problemCount, shown: preview.problems.length })}
              />
            )}
            <ImportProblemsTable problems={preview.problems} data-testid="import-preview-problems" />
          </div>
        )}
        {preview.warnings.length > 0 && (
          <div>
            <Typography.Title level={5}>{t('imports.warnings')}</Typography.Title>
            <Flex vertical gap={4}>
              {preview.warnings.map((w, i) => (
                <Typography.Text key={i} type="warning" data-testid="import-warning">
                  {w.message}
                </Typography.Text>
              ))}
            </Flex>
          </div>
        )}
      </Flex>
    </Card>
  );
}
