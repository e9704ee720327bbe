import dayjs, { type Dayjs } from 'dayjs';
import type {
  BirthPayload,
  CorrectionPayload,
  DeathPayload,
  DivorcePayload,
  MarriagePayload,
  MoveInPayload,
  MoveOutPayload,
  ReportPayload,
  ReportType,
  Sex,
} from '../api/types.js';
import { normalizeIdNumber } from '../lib/idNumber.js';

/**
 * What a report form holds. Field names mirror the request body (`eventDate`, `payload.…`) so
 * that a problem the server names by its path lands on the right input; `ui` holds the choices
 * that only shape the form (spouse from the registry or from elsewhere, household existing or
 * new).
 */
export type ReportFormValues = {
  eventDate?: Dayjs | null;
  ui?: { spouseSource?: 'registry' | 'external'; householdChoice?: 'existing' | 'new' };
  payload?: Record<string, unknown>;
};

export type ReportRequest = { eventDate: string; payload: ReportPayload };

const text = (v: unknown): string | undefined => {
  if (typeof v !== 'string') return undefined;
  const trimmed = v.trim();
  return trimmed.length > 0 ? trimmed : undefined;
};
const id = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const sex = (v: unknown): Sex => (Number(v) === 1 ? 1 : 2);
const idNumber = (v: unknown): string | undefined => {
  const value = text(v);
  return value ? normalizeIdNumber(value) : undefined;
};
const isoDate = (v: unknown): string | undefined => {
  if (!v) return undefined;
  if (typeof v === 'string') return v;
  if (dayjs.isDayjs(v)) return v.format('YYYY-MM-DD');
  return undefined;
};

/** Drops keys whose value is undefined so the JSON carries only what the user gave. */
function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Turns validated form values into the body of POST /api/reports or PUT /api/reports/:id. */
export function toReportRequest(type: ReportType, values: ReportFormValues): ReportRequest {
  const p = values.payload ?? {};
  const eventDate = isoDate(values.eventDate) ?? '';
  switch (type) {
    case 'birth': {
      const child = (p.child ?? {}) as Record<string, unknown>;
      const place = (p.place as BirthPayload['place']) ?? 'hospital';
      const defect = Boolean(p.defect);
      const payload: BirthPayload = compact({
        motherId: id(p.motherId) ?? '',
        fatherId: id(p.fatherId),
        child: compact({ name: text(child.name), sex: sex(child.sex), idNumber: idNumber(child.idNumber) }),
        weightGrams: num(p.weightGrams),
        gestationalWeeks: num(p.gestationalWeeks),
        place,
        hospitalName: place === 'hospital' ? text(p.hospitalName) : undefined,
        defect,
        defectDescription: defect ? text(p.defectDescription) : undefined,
      });
      return { eventDate, payload };
    }
    case 'death': {
      const payload: DeathPayload = compact({
        personId: id(p.personId) ?? '',
        cause: text(p.cause),
        place: text(p.place),
      });
      return { eventDate, payload };
    }
    case 'marriage': {
      const external = values.ui?.spouseSource === 'external';
      const spouse = (p.spouse ?? {}) as Record<string, unknown>;
      const payload: MarriagePayload = external
        ? {
            personId: id(p.personId) ?? '',
            spouse: { name: text(spouse.name) ?? '', idNumber: idNumber(spouse.idNumber) ?? '' },
          }
        : { personId: id(p.personId) ?? '', spouseId: id(p.spouseId) ?? '' };
      return { eventDate, payload };
    }
    case 'divorce': {
      const payload: DivorcePayload = { personId: id(p.personId) ?? '' };
      return { eventDate, payload };
    }
    case 'move_in': {
      const person = (p.person ?? {}) as Record<string, unknown>;
      const newHousehold = (p.newHousehold ?? {}) as Record<string, unknown>;
      const existing = values.ui?.householdChoice !== 'new';
      const payload: MoveInPayload = compact({
        person: {
          name: text(person.name) ?? '',
          idNumber: idNumber(person.idNumber) ?? '',
          ethnicity: text(person.ethnicity) ?? '01',
          hukouType: person.hukouType === 'urban' ? 'urban' : 'rural',
        },
        householdId: existing ? id(p.householdId) : undefined,
        newHousehold: existing
          ? undefined
          : {
              address: text(newHousehold.address) ?? '',
              hukouType: newHousehold.hukouType === 'urban' ? 'urban' : 'rural',
            },
        relationship: text(p.relationship) ?? '',
        fromPlace: text(p.fromPlace) ?? '',
      });
      return { eventDate, payload };
    }
    case 'move_out': {
      const payload: MoveOutPayload = { personId: id(p.personId) ?? '', destination: text(p.destination) ?? '' };
      return { eventDate, payload };
    }
    case 'correction': {
      const changes = (p.changes ?? {}) as Record<string, unknown>;
      const payload: CorrectionPayload = {
        personId: id(p.personId) ?? '',
        changes: compact({
          name: text(changes.name),
          idNumber: idNumber(changes.idNumber),
          sex: changes.sex === undefined || changes.sex === null || changes.sex === '' ? undefined : sex(changes.sex),
          birthDate: isoDate(changes.birthDate),
          ethnicity: text(changes.ethnicity),
          relationship: text(changes.relationship),
          residenceUnitId: text(changes.residenceUnitId),
        }),
        reason: text(p.reason) ?? '',
      };
      return { eventDate, payload };
    }
  }
}

/** The form values that show a report being edited again (a returned report). */
export function toReportFormValues(
  type: ReportType,
  eventDate: string,
  payload: Record<string, unknown>,
): ReportFormValues {
  const values: ReportFormValues = { eventDate: dayjs(eventDate), payload: structuredClone(payload) };
  if (type === 'marriage') {
    values.ui = { spouseSource: payload.spouseId ? 'registry' : payload.spouse ? 'external' : 'registry' };
  }
  if (type === 'move_in') {
    values.ui = { householdChoice: payload.newHousehold ? 'new' : 'existing' };
  }
  if (type === 'correction') {
    const changes = (payload.changes ?? {}) as Record<string, unknown>;
    if (typeof changes.birthDate === 'string') {
      (values.payload!.changes as Record<string, unknown>).birthDate = dayjs(changes.birthDate);
    }
  }
  return values;
}

/** Whether a correction changes anything at all. */
export function hasChanges(values: ReportFormValues): boolean {
  const request = toReportRequest('correction', values);
  return Object.keys((request.payload as CorrectionPayload).changes).length > 0;
}
