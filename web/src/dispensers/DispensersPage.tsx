import { App, Button, Card, Checkbox, Empty, Flex, Progress, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { useQuery } from '../api/useQuery.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { Page } from '../shell/Page.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { DispenserDrawer } from './DispenserDrawer.js';
import { DispenserRegisterForm } from './DispenserRegisterForm.js';
import { dispensersApi, type Machine } from './dispensersApi.js';

/**
 * 药具发放机 (Dispensing machines, issue 7). /dispensers lists the machines of the caller's area,
 * those due for restocking first; /dispensers/due groups the due ones by township;
 * /dispensers/<id> opens a machine in the drawer.
 */
export function DispensersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { '*': sub = '' } = useParams();
  const tab = sub === 'due' ? 'due' : 'machines';
  const openId = /^[0-9a-f-]{36}$/i.test(sub) ? sub : undefined;
  const [unitId, setUnitId] = useState<string>();
  const [includeRetired, setIncludeRetired] = useState(false);
  const [registering, setRegistering] = useState(false);
  const [importing, setImporting] = useState(false);
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const importFile = async (file: File) => {
    setImporting(true);
    try {
      const r = await dispensersApi.importFile(file);
      void message.success(t('dispensers.imported', { events: r.events, machines: r.machines }));
      reload();
    } catch (e) {
      showError(e);
    } finally {
      setImporting(false);
    }
  };
  const list = useQuery(
    () => dispensersApi.list({ unitId, includeRetired }),
    [unitId, includeRetired],
    tab === 'machines',
  );
  const due = useQuery(() => dispensersApi.due(unitId), [unitId], tab === 'due');
  const reload = () => void (tab === 'due' ? due.reload() : list.reload());
  const open = (m: Machine) => ({ onClick: () => void navigate(`/dispensers/${m.id}`), style: { cursor: 'pointer' } });

  const columns = [
    { title: t('dispensers.columns.code'), dataIndex: 'code', width: 130 },
    {
      title: t('dispensers.columns.township'),
      dataIndex: 'townshipName',
      render: (n: string | null) => n ?? t('dispensers.county'),
    },
    { title: t('dispensers.columns.unit'), dataIndex: 'unitName' },
    { title: t('dispensers.columns.location'), dataIndex: 'location', ellipsis: true },
    {
      title: t('dispensers.columns.stock'),
      key: 'stock',
      width: 200,
      render: (_: unknown, m: Machine) => (
        <Progress
          percent={m.level}
          size="small"
          status={m.due ? 'exception' : 'normal'}
          format={() => t('dispensers.stockOf', { stock: m.stock, capacity: m.capacity })}
        />
      ),
    },
    { title: t('dispensers.columns.threshold'), dataIndex: 'restockThreshold', align: 'right' as const },
    { title: t('dispensers.columns.lastEventOn'), dataIndex: 'lastEventOn', width: 110 },
    {
      title: t('dispensers.columns.status'),
      key: 'status',
      render: (_: unknown, m: Machine) =>
        m.retiredOn ? (
          <Tag>{t('dispensers.retired', { date: m.retiredOn })}</Tag>
        ) : m.due ? (
          <Tag color="red">{t('dispensers.due')}</Tag>
        ) : (
          <Tag color="green">{t('dispensers.ok')}</Tag>
        ),
    },
  ];

  return (
    <Page
      title={t('dispensers.title')}
      subtitle={t('dispensers.subtitle')}
      data-testid="dispensers-page"
      extra={
        <Flex gap={8}>
          <Upload
            accept=".xlsx,.csv"
            showUploadList={false}
            beforeUpload={(file) => {
              void importFile(file);
              return false;
            }}
          >
            <Button loading={importing} data-testid="dispenser-import">
              {t('dispensers.import')}
            </Button>
          </Upload>
          <Button type="primary" onClick={() => setRegistering(true)} data-testid="dispenser-register">
            {t('dispensers.register')}
          </Button>
        </Flex>
      }
    >
      <Flex gap={12} align="center" wrap>
        <UnitPicker placeholder={t('dispensers.unit')} style={{ width: 240 }} value={unitId} onChange={setUnitId} />
        {tab === 'machines' && (
          <Checkbox checked={includeRetired} onChange={(e) => setIncludeRetired(e.target.checked)}>
            {t('dispensers.includeRetired')}
          </Checkbox>
        )}
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={(k) => void navigate(k === 'due' ? '/dispensers/due' : '/dispensers')}
        items={[
          {
            key: 'machines',
            label: t('dispensers.tabs.machines'),
            children: (
              <QueryResult {...list}>
                {(data) => (
                  <>
                    {data.due > 0 && (
                      <Typography.Paragraph type="danger">
                        {t('dispensers.dueCount', { n: data.due })}
                      </Typography.Paragraph>
                    )}
                    <Table<Machine>
                      rowKey="id"
                      size="small"
                      data-testid="dispensers-table"
                      dataSource={data.items}
                      onRow={open}
                      pagination={{ pageSize: 50 }}
                      columns={columns}
                    />
                  </>
                )}
              </QueryResult>
            ),
          },
          {
            key: 'due',
            label: t('dispensers.tabs.due'),
            children: (
              <QueryResult {...due}>
                {(data) =>
                  data.total === 0 ? (
                    <Empty description={t('dispensers.noDue')} />
                  ) : (
                    <Flex vertical gap={12} data-testid="dispensers-due">
                      {data.townships.map((g) => (
                        <Card
                          key={g.townshipId ?? ''}
                          size="small"
                          title={t('dispensers.dueGroup', {
                            name: g.townshipName ?? t('dispensers.county'),
                            n: g.machines.length,
                          })}
                        >
                          <Table<Machine>
                            rowKey="id"
                            size="small"
                            pagination={false}
                            dataSource={g.machines}
                            onRow={open}
                            columns={[
                              columns[0]!,
                              columns[2]!,
                              columns[3]!,
                              columns[4]!,
                              {
                                title: t('dispensers.columns.canAdd'),
                                key: 'canAdd',
                                align: 'right' as const,
                                render: (_: unknown, m: Machine) => m.capacity - m.stock,
                              },
                            ]}
                          />
                        </Card>
                      ))}
                    </Flex>
                  )
                }
              </QueryResult>
            ),
          },
        ]}
      />
      <DispenserRegisterForm
        open={registering}
        onClose={() => setRegistering(false)}
        onDone={(id) => {
          setRegistering(false);
          reload();
          void navigate(`/dispensers/${id}`);
        }}
      />
      <DispenserDrawer id={openId} onClose={() => void navigate('/dispensers')} onChanged={reload} />
    </Page>
  );
}
