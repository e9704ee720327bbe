import { Alert, Card, Empty, Flex, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useSearchParams } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { useQuery } from '../api/useQuery.js';
import { QueryResult } from '../shell/QueryResult.js';
import { cyclesApi } from './cyclesApi.js';
import { NoticePage } from './NoticePage.js';
import { WorkflowCandidates } from './WorkflowCandidates.js';
import { WorkflowVillages } from './WorkflowVillages.js';
import { workflowApi, type Workflow } from './workflowApi.js';

/**
 * /benefits/workflow: where each level does its part of a yearly cycle (docs/benefits-workflow.md).
 * Pick a cycle (and, for a township or the county, a village); the to-do says what waits for the
 * caller's role; the villages' table publishes and opens notices; the candidates' table verifies,
 * reviews, approves and returns, one or many at once. /benefits/workflow/notices/:id is a
 * notice's print view with its objections.
 */
export function WorkflowPanel() {
  return (
    <div data-testid="benefits-workflow">
      <Routes>
        <Route index element={<WorkflowHome />} />
        <Route path="notices/:noticeId" element={<NoticePage />} />
      </Routes>
    </div>
  );
}

function WorkflowHome() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { me } = useMe();
  const [params, setParams] = useSearchParams();
  const cycles = useQuery(() => cyclesApi.list(), []);
  const cycleId = params.get('cycle') ?? cycles.data?.[0]?.id;
  const [unitId, setUnitId] = useState<string>();
  const [generation, setGeneration] = useState(0);
  const workflow = useQuery(
    // The whole area, whatever village is picked: the picker's options and the to-do stay whole.
    () => workflowApi.workflow(cycleId!),
    [cycleId, generation],
    cycleId !== undefined,
  );
  const refresh = () => setGeneration((g) => g + 1);
  const perVillage = me.unit.level !== 'village' && me.unit.level !== 'group';

  return (
    <Flex vertical gap="middle">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('benefits.workflow.intro')}
      </Typography.Paragraph>
      <QueryResult {...cycles}>
        {(list) =>
          list.length === 0 ? (
            <Empty description={t('benefits.workflow.noCycle')} />
          ) : (
            <Space wrap>
              <Select
                style={{ width: 360 }}
                value={cycleId}
                placeholder={t('benefits.workflow.pickCycle')}
                onChange={(v: string) => {
                  setParams({ cycle: v });
                  setUnitId(undefined);
                }}
                options={list.map((c) => ({
                  value: c.id,
                  label: `${c.year} ${en ? c.programNameEn : c.programName}`,
                }))}
                data-testid="workflow-cycle"
              />
              {perVillage && workflow.data && (
                <Select
                  allowClear
                  style={{ width: 220 }}
                  value={unitId}
                  placeholder={t('benefits.workflow.pickVillage')}
                  onChange={(v: string | undefined) => setUnitId(v)}
                  options={workflow.data.villages.map((v) => ({ value: v.unitId, label: v.name }))}
                  data-testid="workflow-village"
                />
              )}
            </Space>
          )
        }
      </QueryResult>
      {cycleId && (
        <QueryResult {...workflow}>
          {(w) => (
            <>
              <WorkflowTodo workflow={w} />
              <WorkflowVillages workflow={w} unitId={unitId} onChanged={refresh} />
              <WorkflowCandidates cycleId={w.cycle.id} unitId={unitId} generation={generation} onChanged={refresh} />
            </>
          )}
        </QueryResult>
      )}
    </Flex>
  );
}

/** What waits for the caller's role, from the server's count in their area. */
function WorkflowTodo({ workflow }: { workflow: Workflow }) {
  const { t } = useTranslation();
  const entries = (Object.entries(workflow.todo) as Array<[keyof Workflow['todo'], number]>).filter(([, n]) => n > 0);
  return (
    <Card size="small" title={t('benefits.workflow.todo.title')} data-testid="workflow-todo">
      {entries.length === 0 ? (
        <Alert type="success" showIcon message={t('benefits.workflow.todo.none')} />
      ) : (
        <Space wrap>
          {entries.map(([k, n]) => (
            <Tag key={k} color="orange" data-testid={`workflow-todo-${k}`}>
              {t(`benefits.workflow.todo.${k}`, { n })}
            </Tag>
          ))}
        </Space>
      )}
    </Card>
  );
}
