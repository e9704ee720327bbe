import { ApiError, withQuery } from '../api/api.js';
import { cached } from '../api/cache.js';
import { callJson } from '../indicators/indicatorApi.js';

/** An open data-quality alert (GET /api/quality/alerts, docs/quality.md). */
export type QualityAlert = {
  id: string;
  kind: string;
  code: string;
  severity: 'high' | 'medium' | 'low';
  unitId: string;
  unitName: string;
  period: string;
  title: string;
  message: string;
  status: string;
  detectedAt: string;
  link: string | null;
};

export type BoundaryFeature = {
  type: 'Feature';
  id: string;
  properties: {
    unitId: string;
    name: string;
    level: string;
    parentId: string | null;
    schematic: boolean;
    sourceName: string | null;
    uploadedAt: string;
  };
  geometry: unknown;
};
export type BoundaryCollection = { type: 'FeatureCollection'; schematic: boolean; features: BoundaryFeature[] };

export type BoundaryUploadResult = { townships: number; villages: number; replaced: number; uploadedAt: string };

export const dashboardApi = {
  /** Open alerts of a unit; an empty list while the data-quality module is not there (404). */
  openAlerts: async (unitId: string): Promise<{ total: number; items: QualityAlert[] }> => {
    try {
      return await callJson('GET', withQuery('/api/quality/alerts', { unitId, status: 'open', page: 1, pageSize: 5 }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return { total: 0, items: [] };
      throw err;
    }
  },
  /** Every boundary in the caller's area, fetched once a session (they change only by upload). */
  boundaries: () => cached('org-boundaries', () => callJson<BoundaryCollection>('GET', '/api/org/boundaries')),
  uploadBoundaries: (collection: unknown, property?: string) =>
    callJson<BoundaryUploadResult>('PUT', withQuery('/api/org/boundaries', { property }), collection),
};
