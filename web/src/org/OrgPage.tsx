import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clearCache } from '../api/cache.js';
import { useQuery } from '../api/useQuery.js';
import { Page } from '../shell/Page.js';
import { QueryResult } from '../shell/QueryResult.js';
import { AddGroupsForm, EndGroupForm, RenameGroupForm } from './OrgGroupForms.js';
import { OrgMergeForm } from './OrgMergeForm.js';
import { OrgSplitForm } from './OrgSplitForm.js';
import {
  buildOrgTree,
  LOADED_DATE,
  type LineageEvent,
  openRowKeys,
  orgApi,
  type OrgNode,
  type OrgStructure,
  type OrgUnit,
} from './orgApi.js';

type Dialog =
  { kind: 'merge'; fromIds: string[] } | { kind: 'split' | 'addGroups' | 'renameGroup' | 'endGroup'; unit: OrgUnit };

function LineageText({ events }: { events: LineageEvent[] }) {
  const { t } = useTranslation();
  const names = (units: Array<{ name: string; id: string }>) => units.map((u) => `${u.name}（${u.id}）`).join('、');
  return (
    <Flex vertical>
      {events.map((e, i) => (
        <Typography.Text key={i} type="secondary" style={{ fontSize: 12 }}>
          {e.kind === 'mergedFrom' || e.kind === 'splitInto'
            ? t(`org.lineage.${e.kind}`, { date: e.date, units: names(e.units) })
            : t(`org.lineage.${e.kind}`, { date: e.date, unit: names([e.unit]) })}
        </Typography.Text>
      ))}
    </Flex>
  );
}

/**
 * The county administrator's division page: the tree of townships, villages and groups with
 * their codes, dates and lineage, and the changes to it (merge, split, groups).
 */
export function OrgPage() {
  const { t } = useTranslation();
  const query = useQuery(() => orgApi.structure(), []);
  const [showEnded, setShowEnded] = useState(false);
  const [filter, setFilter] = useState('');
  const [dialog, setDialog] = useState<Dialog>();

  const done = () => {
    setDialog(undefined);
    // The unit pickers elsewhere cache the tree; a change must reach them.
    clearCache();
    void query.reload();
  };

  return (
    <Page
      title={t('org.page.title')}
      subtitle={t('org.page.subtitle')}
      data-testid="org-page"
      extra={
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('org.page.search')}
            onSearch={setFilter}
            onChange={(e) => !e.target.value && setFilter('')}
            style={{ width: 220 }}
            data-testid="org-filter"
          />
          <Space>
            <Switch checked={showEnded} onChange={setShowEnded} data-testid="org-show-ended" />
            {t('org.page.showEnded')}
          </Space>
          <Button icon={<ReloadOutlined />} onClick={() => void query.reload()}>
            {t('org.page.reload')}
          </Button>
          <Button type="primary" onClick={() => setDialog({ kind: 'merge', fromIds: [] })} data-testid="org-merge">
            {t('org.page.merge')}
          </Button>
        </Space>
      }
    >
      <QueryResult {...query}>
        {(structure) => <OrgTable structure={structure} showEnded={showEnded} filter={filter} onAction={setDialog} />}
      </QueryResult>
      {query.data && dialog?.kind === 'merge' && (
        <OrgMergeForm
          structure={query.data}
          initialFromIds={dialog.fromIds}
          onClose={() => setDialog(undefined)}
          onDone={done}
        />
      )}
      {query.data && dialog?.kind === 'split' && (
        <OrgSplitForm structure={query.data} village={dialog.unit} onClose={() => setDialog(undefined)} onDone={done} />
      )}
      {dialog?.kind === 'addGroups' && (
        <AddGroupsForm unit={dialog.unit} onClose={() => setDialog(undefined)} onDone={done} />
      )}
      {dialog?.kind === 'renameGroup' && (
        <RenameGroupForm unit={dialog.unit} onClose={() => setDialog(undefined)} onDone={done} />
      )}
      {dialog?.kind === 'endGroup' && (
        <EndGroupForm unit={dialog.unit} onClose={() => setDialog(undefined)} onDone={done} />
      )}
    </Page>
  );
}

export function OrgTable({
  structure,
  showEnded,
  filter,
  onAction,
}: {
  structure: OrgStructure;
  showEnded: boolean;
  filter: string;
  onAction: (d: Dialog) => void;
}) {
  const { t } = useTranslation();
  const tree = useMemo(() => buildOrgTree(structure, { showEnded, filter }), [structure, showEnded, filter]);
  const [expanded, setExpanded] = useState<readonly React.Key[]>(() => tree.map((n) => n.id));
  // While filtering every match is shown open; otherwise the user's own opening is kept.
  const expandedKeys = filter.trim() ? openRowKeys(tree) : expanded;

  const columns: ColumnsType<OrgNode> = [
    {
      title: t('org.columns.name'),
      dataIndex: 'name',
      render: (name: string, u) =>
        u.validTo ? (
          <Typography.Text delete type="secondary">
            {name}
          </Typography.Text>
        ) : (
          name
        ),
    },
    { title: t('org.columns.code'), dataIndex: 'id', width: 150, render: (id: string) => <code>{id}</code> },
    { title: t('org.columns.level'), dataIndex: 'level', width: 70, render: (l: OrgUnit['level']) => t(`levels.${l}`) },
    {
      title: t('org.columns.validFrom'),
      dataIndex: 'validFrom',
      width: 120,
      render: (d: string) =>
        d === LOADED_DATE ? <Typography.Text type="secondary">{t('org.sinceLoad')}</Typography.Text> : d,
    },
    {
      title: t('org.columns.validTo'),
      dataIndex: 'validTo',
      width: 130,
      render: (d: string | null) =>
        d ? (
          <Tag color="default" data-testid="org-ended">
            {t('org.ended')} {d}
          </Tag>
        ) : (
          <Tag color="green">{t('org.current')}</Tag>
        ),
    },
    {
      title: t('org.columns.lineage'),
      dataIndex: 'lineage',
      render: (events: LineageEvent[]) => <LineageText events={events} />,
    },
    {
      title: t('org.columns.actions'),
      key: 'actions',
      width: 200,
      render: (_: unknown, u) => {
        if (u.validTo) return null;
        const unit: OrgUnit = u;
        if (u.level === 'village')
          return (
            <Space size={0} wrap>
              <Button type="link" size="small" onClick={() => onAction({ kind: 'addGroups', unit })}>
                {t('org.actions.addGroups')}
              </Button>
              <Button type="link" size="small" onClick={() => onAction({ kind: 'split', unit })}>
                {t('org.actions.split')}
              </Button>
              <Button type="link" size="small" onClick={() => onAction({ kind: 'merge', fromIds: [u.id] })}>
                {t('org.actions.merge')}
              </Button>
            </Space>
          );
        if (u.level === 'group')
          return (
            <Space size={0}>
              <Button type="link" size="small" onClick={() => onAction({ kind: 'renameGroup', unit })}>
                {t('org.actions.rename')}
              </Button>
              <Button type="link" size="small" danger onClick={() => onAction({ kind: 'endGroup', unit })}>
                {t('org.actions.end')}
              </Button>
            </Space>
          );
        return null;
      },
    },
  ];

  return (
    <Card size="small">
      <Table<OrgNode>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={tree}
        pagination={false}
        expandable={{ expandedRowKeys: expandedKeys, onExpandedRowsChange: setExpanded }}
        data-testid="org-table"
      />
    </Card>
  );
}
