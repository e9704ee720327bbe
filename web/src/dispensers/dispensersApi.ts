import { ApiError, request, withQuery } from '../api/api.js';

/** The dispensing machines API as the page uses it (server/src/dispensers/dispenser.routes.ts). */

export const EVENT_KINDS = ['restock', 'dispense', 'stocktake'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export type Machine = {
  id: string;
  code: string;
  unitId: string;
  unitName: string;
  townshipId: string | null;
  townshipName: string | null;
  location: string;
  installedOn: string;
  capacity: number;
  stock: number;
  restockThreshold: number;
  retiredOn: string | null;
  version: number;
  lastEventOn: string | null;
  due: boolean;
  level: number;
};

export type MachineEvent = {
  id: string;
  kind: EventKind;
  onDate: string;
  quantity: number;
  stockAfter: number;
  note: string | null;
  byName: string | null;
  at: string;
};
export type MonthTotal = { month: string; dispensed: number; restocked: number; reports: number };
export type MachineDetail = Machine & { events: MachineEvent[]; monthly: MonthTotal[]; today: string };
export type MachineList = { items: Machine[]; due: number; today: string };
export type DueList = {
  townships: Array<{ townshipId: string | null; townshipName: string | null; machines: Machine[] }>;
  total: number;
  today: string;
};

export type RegisterInput = {
  code: string;
  unitId: string;
  location: string;
  installedOn: string;
  capacity: number;
  stock: number;
  restockThreshold: number;
};
export type EventInput = { version?: number; kind: EventKind; onDate: string; quantity: number; note?: string };

const at = (id: string) => encodeURIComponent(id);

export const dispensersApi = {
  list: (q: { unitId?: string; includeRetired?: boolean }) =>
    request<MachineList>('GET', withQuery('/api/dispensers', q)),
  due: (unitId?: string) => request<DueList>('GET', withQuery('/api/dispensers/due', { unitId })),
  get: (id: string) => request<MachineDetail>('GET', `/api/dispensers/${at(id)}`),
  register: (input: RegisterInput) => request<{ id: string; version: number }>('POST', '/api/dispensers', input),
  edit: (id: string, input: { version: number; location?: string; restockThreshold?: number }) =>
    request<{ id: string; version: number }>('PATCH', `/api/dispensers/${at(id)}`, input),
  retire: (id: string, input: { version: number; retiredOn: string; note?: string }) =>
    request<{ id: string; version: number }>('POST', `/api/dispensers/${at(id)}/retire`, input),
  importFile: (file: File) => importFile(file),
  event: (id: string, input: EventInput) =>
    request<{ events: number; stock: number; version: number }>('POST', `/api/dispensers/${at(id)}/events`, input),
};

/** The most a restock may add, and what a form should offer as the quantity's upper bound. */
export function maxQuantity(m: Pick<Machine, 'capacity' | 'stock'>, kind: EventKind): number {
  if (kind === 'restock') return m.capacity - m.stock;
  if (kind === 'dispense') return m.stock;
  return m.capacity;
}

export type ImportResult = { events: number; machines: number; rows: number };

/** Sends the vendor's file as the request body (the server reads it whole; the name goes in a header). */
async function importFile(file: File): Promise<ImportResult> {
  let res: Response;
  try {
    res = await fetch('/api/dispensers/import', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Content-Type': file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/octet-stream',
        'X-File-Name': encodeURIComponent(file.name),
      },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '');
  }
  const text = await res.text();
  let data: { code?: string; message?: string; problems?: ApiError['problems'] } | undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok)
    throw new ApiError(
      res.status,
      data?.code ?? `HTTP_${res.status}`,
      data?.message ?? res.statusText,
      data?.problems ?? [],
      data,
    );
  return data as unknown as ImportResult;
}
