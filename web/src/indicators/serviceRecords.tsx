/**
 * The records behind the figures of health services, care, petitions and 两非 cases (issue 7):
 * who may list them (as the server decides, indicator.records.ts: the figures are for every
 * reader, their records for the roles that keep them) and the columns of each kind. Health
 * records list persons and services, never findings.
 */
import { Tag } from 'antd';
import type { TableColumnsType as ColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import type { Permission } from '../api/types.js';
import { formatDate } from '../lib/dates.js';
import { formatFen } from './format.js';
import type { RecordItem } from './indicatorApi.js';

export type ServiceRecordKind = 'screening' | 'positiveFindings' | 'followups' | 'petitions' | 'care' | 'cases';

export const SERVICE_RECORD_PERMISSIONS: Record<ServiceRecordKind, Permission[]> = {
  screening: ['health.read', 'health.record', 'health.findings'],
  positiveFindings: ['health.read', 'health.record', 'health.findings'],
  followups: ['health.read', 'health.record', 'health.findings'],
  care: ['care.manage', 'care.grant'],
  petitions: ['petition.register', 'petition.handle'],
  cases: ['case.handle'],
};

/** Whether the caller may open the records of a part (kinds other than issue 7's: every reader). */
export function canListRecords(kind: string | undefined, can: (p: Permission) => boolean): boolean {
  const needs = kind ? SERVICE_RECORD_PERMISSIONS[kind as ServiceRecordKind] : undefined;
  return !needs || needs.some(can);
}

export const isServiceKind = (kind: string): kind is ServiceRecordKind => kind in SERVICE_RECORD_PERMISSIONS;

/** A row's key among the kinds of issue 7. */
export const serviceRowKey = (r: RecordItem) =>
  r.followupId && !r.serviceId
    ? r.followupId
    : (r.serviceId ??
      r.petitionId ??
      r.visitId ??
      r.assistanceId ??
      r.caseId ??
      r.familyId ??
      `${r.personId}${r.eventDate ?? ''}`);

const yes = (v: boolean | null | undefined) => (v ? '✓' : '');

/** Columns of a kind, after the person columns (`common`) where the records are persons. */
export function serviceColumns(
  kind: ServiceRecordKind,
  t: TFunction,
  common: ColumnsType<RecordItem>,
  unit: ColumnsType<RecordItem>[number],
): ColumnsType<RecordItem> {
  // Keys built from record values: looked up untyped, with the value itself as the fallback.
  const tr = t as unknown as (key: string, options?: { defaultValue: string }) => string;
  const k = (key: string) => tr(`indicators.records.services.${key}`);
  const date = (key: string, dataIndex: keyof RecordItem) => ({ title: k(key), dataIndex, render: formatDate });
  const named = (key: string, group: string, dataIndex: keyof RecordItem) => ({
    title: k(key),
    dataIndex,
    render: (v: string | null) => (v ? tr(`indicators.records.services.${group}.${v}`, { defaultValue: v }) : '—'),
  });
  switch (kind) {
    case 'screening':
      return [
        ...common,
        { title: tr('indicators.records.birthDate'), dataIndex: 'birthDate', render: formatDate },
        unit,
        date('eventDate', 'eventDate'),
        { title: k('covered'), dataIndex: 'covered', render: yes },
        date('lastServedOn', 'lastServedOn'),
      ];
    case 'positiveFindings':
    case 'followups':
      return [
        ...common,
        unit,
        named('serviceKind', 'kinds', 'serviceKind'),
        date('servedOn', 'servedOn'),
        {
          title: k('followup'),
          dataIndex: 'followupStatus',
          render: (v: string | null) =>
            v ? (
              <Tag color={v === 'closed' ? 'green' : 'orange'}>
                {tr(`indicators.records.services.followupStatuses.${v}`)}
              </Tag>
            ) : (
              '—'
            ),
        },
        date('dueOn', 'dueOn'),
        date('closedOn', 'closedOn'),
        { title: k('contacts'), dataIndex: 'contacts' },
      ];
    case 'petitions':
      return [
        { title: k('number'), dataIndex: 'number' },
        { title: k('subject'), dataIndex: 'subject' },
        { title: k('petitioner'), dataIndex: 'petitionerName' },
        unit,
        date('receivedOn', 'receivedOn'),
        date('acceptDueOn', 'acceptDueOn'),
        date('decidedOn', 'decidedOn'),
        date('concludeDueOn', 'concludeDueOn'),
        date('repliedOn', 'repliedOn'),
        { title: k('onTime'), dataIndex: 'onTime', render: yes },
        named('satisfaction', 'satisfactions', 'satisfaction'),
      ];
    case 'care':
      return [
        ...common,
        unit,
        named('category', 'categories', 'category'),
        date('flaggedOn', 'flaggedOn'),
        date('visitedOn', 'visitedOn'),
        { title: k('visitors'), dataIndex: 'visitors', render: (v: string | null) => v ?? '—' },
        date('grantedOn', 'grantedOn'),
        {
          title: k('amount'),
          dataIndex: 'amountFen',
          align: 'right',
          render: (v: number | string | null) => (v === null || v === undefined ? '—' : formatFen(Number(v))),
        },
      ];
    case 'cases':
      return [
        { title: k('number'), dataIndex: 'number' },
        named('caseKind', 'caseKinds', 'caseKind'),
        unit,
        date('leadReceivedOn', 'leadReceivedOn'),
        named('caseStatus', 'caseStatuses', 'status'),
        date('closedOn', 'closedOn'),
      ];
  }
}
