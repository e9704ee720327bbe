import { Descriptions, Drawer, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree/index.js';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fenToYuan, type Candidate, type Condition } from './cyclesApi.js';

const COLOR: Record<Condition['outcome'], string> = { yes: 'green', no: 'red', unknown: 'orange' };

/** A condition and its parts as tree nodes: each with its outcome, its wording and the registry facts it read. */
function toNodes(c: Condition, key: string, outcomeText: (o: Condition['outcome']) => string): DataNode {
  const facts = Object.entries(c.facts)
    .map(([k, v]) => `${k}: ${v === null ? '—' : String(v)}`)
    .join('，');
  return {
    key,
    title: (
      <span>
        <Tag color={COLOR[c.outcome]}>{outcomeText(c.outcome)}</Tag>
        {c.text}
        {facts && (
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {facts}
          </Typography.Text>
        )}
      </span>
    ),
    children: c.parts?.map((p, i) => toNodes(p, `${key}.${i}`, outcomeText)),
  };
}

function allKeys(c: Condition, key: string): string[] {
  return [key, ...(c.parts ?? []).flatMap((p, i) => allKeys(p, `${key}.${i}`))];
}

/**
 * The reason for one candidate: the verdict, every condition of the program's rule, the months and
 * the amount; `children` come first (the workflow's status and trail).
 */
export function CycleExplanation({
  candidate,
  onClose,
  children,
}: {
  candidate: Pick<Candidate, 'name' | 'outcome' | 'amountFen' | 'explanation'> | undefined;
  onClose: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const e = candidate?.explanation;
  return (
    <Drawer
      open={!!candidate}
      onClose={onClose}
      size={720}
      title={candidate ? t('benefits.cycles.explanation.title', { name: candidate.name }) : ''}
      data-testid="cycle-explanation"
    >
      {candidate && e && (
        <>
          {children}
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('benefits.cycles.explanation.verdict')}>
              <Tag color={COLOR[candidate.outcome]}>{t(`benefits.cycles.outcome.${candidate.outcome}`)}</Tag>
              {e.verdict}
            </Descriptions.Item>
            <Descriptions.Item label={t('benefits.cycles.candidates.amount')}>
              {fenToYuan(candidate.amountFen)}
            </Descriptions.Item>
            {e.amount?.text && (
              <Descriptions.Item label={t('benefits.cycles.explanation.amount')}>{e.amount.text}</Descriptions.Item>
            )}
            {e.monthRuns?.length ? (
              <Descriptions.Item label={t('benefits.cycles.explanation.months')}>
                {e.monthRuns.map((r) => (
                  <div key={r}>{r}</div>
                ))}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('benefits.cycles.explanation.conditions')}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('benefits.cycles.explanation.referenceDate', { date: e.referenceDate })}
          </Typography.Text>
          <Tree
            selectable={false}
            defaultExpandedKeys={allKeys(e.rule, 'r')}
            treeData={[toNodes(e.rule, 'r', (o) => t(`benefits.cycles.outcome.${o}`))]}
            data-testid="cycle-explanation-tree"
          />
        </>
      )}
    </Drawer>
  );
}
