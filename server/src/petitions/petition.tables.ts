import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { PetitionStatus } from './petition.deadlines.js';

/**
 * Kysely's view of the petition tables (migration 0018). They are added to the shared schema with
 * `withTables` where used, so the petitions module owns its table types.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DateString = string;

export const CHANNELS = ['letter', 'visit', 'phone', 'online', 'email', 'leader_mailbox', 'transferred'] as const;
export type Channel = (typeof CHANNELS)[number];
export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];
export type PetitionAction =
  'register' | 'assign' | 'accept' | 'not_accept' | 'extend' | 'reply' | 'close' | 'escalate' | 'note';

export interface PetitionTable {
  id: string;
  countyCode: string;
  number: string;
  channel: Channel;
  receivedOn: DateString;
  subject: string;
  content: string;
  petitionerName: string;
  petitionerPhone: string | null;
  petitionerPersonId: string | null;
  peopleInvolved: string | null;
  assignedUnitId: string;
  status: PetitionStatus;
  acceptDueOn: DateString;
  decidedOn: DateString | null;
  notAcceptedReason: string | null;
  concludeDueOn: DateString | null;
  extensionDays: number | null;
  extensionReason: string | null;
  repliedOn: DateString | null;
  reply: string | null;
  satisfaction: Satisfaction | null;
  closedOn: DateString | null;
  escalationLevel: ColumnType<number, number | undefined, number>;
  escalatedAt: Timestamp | null;
  registeredBy: string | null;
  registeredAt: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface PetitionEventTable {
  id: string;
  countyCode: string;
  petitionId: string;
  action: PetitionAction;
  onDate: DateString;
  note: string | null;
  byUser: string | null;
  at: Timestamp;
}

export type PetitionTables = { petition: PetitionTable; petitionEvent: PetitionEventTable };
export type PetitionRow = Selectable<PetitionTable>;
export type PetitionEventRow = Selectable<PetitionEventTable>;
export type NewPetition = Insertable<PetitionTable>;
export type NewPetitionEvent = Insertable<PetitionEventTable>;
/** What a step may change (the version is the repository's business). */
export type PetitionChanges = Omit<Updateable<PetitionTable>, 'id' | 'countyCode' | 'version'>;

/** The database (or transaction) with the petition tables known to Kysely. */
export const petitionDb = (db: DbOrTx) => db.withTables<PetitionTables>();
