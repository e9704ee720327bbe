import { downloadFile, request, upload, withQuery, type DownloadedFile } from '../api/api.js';
import type { Page } from '../api/types.js';

/** The department feeds API's answers as the pages use them (docs/feeds.md). */
export type FeedTypeCode =
  'police_hukou' | 'hospital_birth' | 'civil_affairs' | 'education' | 'hr_social_security' | 'housing';
export type FeedStatus = 'received' | 'parsed' | 'refused';
export type FeedChannel = 'upload' | 'api';
export type FeedEncoding = 'auto' | 'utf-8' | 'gbk';
export type RecordType =
  'birth' | 'death' | 'move_in' | 'move_out' | 'marriage' | 'divorce' | 'cremation' | 'enrolment' | 'residence';
export const FEED_STATUSES: FeedStatus[] = ['received', 'parsed', 'refused'];

export type FeedTypeInfo = {
  code: FeedTypeCode;
  nameZh: string;
  nameEn: string;
  department: { code: string; nameZh: string; nameEn: string };
  recordTypes: RecordType[];
  businessTypes: string[];
  columns: Array<{ key: string; header: string; synonyms: string[]; required: boolean; note: string }>;
};

export type FeedProblem = {
  file: string;
  row: number | null;
  column: string | null;
  header: string | null;
  field: string | null;
  message: string;
  reason: string;
};

export type FeedBatch = {
  id: string;
  feedType: FeedTypeCode;
  feedTypeName: string;
  departmentCode: string;
  departmentName: string;
  channel: FeedChannel;
  senderName: string;
  senderUserId: string | null;
  senderCredentialId: string | null;
  receivedAt: string;
  fileName: string;
  fileSha256: string;
  fileSize: number;
  format: 'xlsx' | 'csv' | null;
  encodingRequested: string;
  encodingDetected: string | null;
  status: FeedStatus;
  rowCount: number;
  recordCount: number;
  problemCount: number;
  parsedAt: string | null;
  parseCount: number;
};

export type FeedBatchDetail = FeedBatch & { problems: FeedProblem[]; recordTypeCounts: Record<string, number> };

export type FeedReceipt = { outcome: FeedStatus | 'duplicate'; message: string; batch: FeedBatchDetail };
/** The body of a 400 FEED_REFUSED answer. */
export type FeedRefusal = {
  code: 'FEED_REFUSED';
  message: string;
  batchId: string;
  batch: FeedBatchDetail;
  problems: FeedProblem[];
};

export type FeedRecord = {
  id: string;
  rowNumber: number;
  recordType: RecordType;
  idNumberMasked: string | null;
  name: string | null;
  sex: number | null;
  birthDate: string | null;
  eventDate: string;
  unitId: string | null;
  unitName: string | null;
  address: string | null;
  motherIdNumberMasked: string | null;
  motherName: string | null;
  fatherIdNumberMasked: string | null;
  fatherName: string | null;
  spouseIdNumberMasked: string | null;
  spouseName: string | null;
  details: Record<string, unknown>;
};

export type FeedCredential = {
  id: string;
  departmentCode: string;
  departmentName: string;
  feedTypes: FeedTypeCode[];
  secretPrefix: string;
  note: string | null;
  createdByName: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
};

export type NewFeedCredential = {
  departmentCode: string;
  departmentName: string;
  feedTypes: FeedTypeCode[];
  note?: string;
};

export type FeedListQuery = { feedType?: FeedTypeCode; status?: FeedStatus; page?: number; pageSize?: number };

export const feedsApi = {
  types: () => request<FeedTypeInfo[]>('GET', '/api/feeds/types'),
  list: (q: FeedListQuery) => request<Page<FeedBatch>>('GET', withQuery('/api/feeds', q)),
  get: (id: string) => request<FeedBatchDetail>('GET', `/api/feeds/${encodeURIComponent(id)}`),
  records: (id: string, q: { page?: number; pageSize?: number }) =>
    request<Page<FeedRecord>>('GET', withQuery(`/api/feeds/${encodeURIComponent(id)}/records`, q)),
  reprocess: (id: string, encoding?: FeedEncoding) =>
    request<FeedReceipt>('POST', `/api/feeds/${encodeURIComponent(id)}/reprocess`, encoding ? { encoding } : {}),
  file: (id: string, fallbackName: string): Promise<DownloadedFile> =>
    downloadFile(`/api/feeds/${encodeURIComponent(id)}/file`, fallbackName),
  template: (type: FeedTypeCode): Promise<DownloadedFile> =>
    downloadFile(`/api/feeds/templates/${type}`, `${type}.xlsx`),
  upload: (form: FormData, onUpload?: (fraction: number) => void) => upload<FeedReceipt>('/api/feeds', form, onUpload),
  credentials: () => request<FeedCredential[]>('GET', '/api/feeds/credentials'),
  createCredential: (body: NewFeedCredential) =>
    request<{ credential: FeedCredential; secret: string }>('POST', '/api/feeds/credentials', body),
  revokeCredential: (id: string) =>
    request<FeedCredential>('POST', `/api/feeds/credentials/${encodeURIComponent(id)}/revoke`, {}),
};
