import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/useQuery.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { useListParams } from '../shell/useListParams.js';
import { careApi, FUND_SOURCES, pivotTotals, type TotalsPivotRow } from './careApi.js';
import { fenToYuan } from './careMoney.js';

/** 帮扶资金: assistance per year × township, a column per fund source, with the totals and an Excel download. */
export function FundsPanel() {
  const { t } = useTranslation();
  const showError = useErrorMessage();
  const { params, update } = useListParams(500);
  const [downloading, setDownloading] = useState(false);
  const thisYear = new Date().getFullYear();
  const raw = params.get('year');
  const year = raw === 'all' ? undefined : Number(raw ?? thisYear) || thisYear;
  const totals = useQuery(() => careApi.totals(year), [year]);
  const years = Array.from({ length: 8 }, (_, i) => thisYear - i);

  const download = async () => {
    setDownloading(true);
    try {
      await careApi.downloadTotals(year);
    } catch (e) {
      showError(e);
    } finally {
      setDownloading(false);
    }
  };

  const columns: ColumnsType<TotalsPivotRow> = [
    { title: t('care.columns.year'), dataIndex: 'year', width: 80 },
    { title: t('care.columns.township'), dataIndex: 'townshipName' },
    ...FUND_SOURCES.map((s) => ({
      title: t(`care.fundSource.${s}`),
      key: s,
      align: 'right' as const,
      render: (_: unknown, r: TotalsPivotRow) => (r.bySource[s] ? fenToYuan(r.bySource[s]) : '—'),
    })),
    {
      title: t('care.columns.total'),
      dataIndex: 'totalFen',
      align: 'right',
      render: (fen: number) => <strong>{fenToYuan(fen)}</strong>,
    },
    { title: t('care.columns.grants'), dataIndex: 'grants', align: 'right' },
  ];

  return (
    <Card>
      <Flex vertical gap={12}>
        <Flex gap={8} wrap align="center">
          <Typography.Text strong>{t('care.funds.title')}</Typography.Text>
          <Select
            value={year ?? 'all'}
            onChange={(v: number | 'all') => update({ year: String(v) })}
            options={[
              ...years.map((y) => ({ value: y, label: String(y) })),
              { value: 'all' as const, label: t('care.filters.allYears') },
            ]}
            style={{ width: 120 }}
            data-testid="care-funds-year"
          />
          <div style={{ flex: 1 }} />
          <Button icon={<DownloadOutlined />} onClick={() => void download()} loading={downloading}>
            {t('care.actions.download')}
          </Button>
        </Flex>
        <QueryResult {...totals}>
          {(data) => {
            const rows = pivotTotals(data.items);
            const bySource = (s: (typeof FUND_SOURCES)[number]) => rows.reduce((a, r) => a + (r.bySource[s] ?? 0), 0);
            return (
              <>
                <Typography.Text type="secondary" data-testid="care-funds-summary">
                  {t('care.funds.summary', { grants: data.grants, amount: fenToYuan(data.totalFen) })}
                </Typography.Text>
                <Table<TotalsPivotRow>
                  rowKey="key"
                  size="small"
                  columns={columns}
                  dataSource={rows}
                  pagination={false}
                  scroll={{ x: true }}
                  locale={{ emptyText: t('care.funds.empty') }}
                  data-testid="care-funds"
                  summary={() =>
                    rows.length > 0 && (
                      <Table.Summary.Row>
                        <Table.Summary.Cell index={0} colSpan={2}>
                          <strong>{t('care.funds.total')}</strong>
                        </Table.Summary.Cell>
                        {FUND_SOURCES.map((s, i) => (
                          <Table.Summary.Cell key={s} index={i + 2} align="right">
                            {fenToYuan(bySource(s))}
                          </Table.Summary.Cell>
                        ))}
                        <Table.Summary.Cell index={FUND_SOURCES.length + 2} align="right">
                          <strong>{fenToYuan(data.totalFen)}</strong>
                        </Table.Summary.Cell>
                        <Table.Summary.Cell index={FUND_SOURCES.length + 3} align="right">
                          {data.grants}
                        </Table.Summary.Cell>
                      </Table.Summary.Row>
                    )
                  }
                />
              </>
            );
          }}
        </QueryResult>
      </Flex>
    </Card>
  );
}
