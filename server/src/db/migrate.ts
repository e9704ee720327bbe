import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.js';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_imports.js';
import * as m0004 from './migrations/0004_indicators.js';
import * as m0005 from './migrations/0005_indicator_refresh.js';
import * as m0006 from './migrations/0006_person_span_birthday.js';
import * as m0007 from './migrations/0007_quality.js';
import * as m0008 from './migrations/0008_unit_boundaries.js';
import * as m0009 from './migrations/0009_women_years.js';
import * as m0010 from './migrations/0010_feeds.js';
import * as m0011 from './migrations/0011_bulk_refresh.js';
import * as m0012 from './migrations/0012_linkage.js';
import * as m0013 from './migrations/0013_feed_types_hr_housing.js';
import * as m0014 from './migrations/0014_benefit_programs.js';
import * as m0015 from './migrations/0015_benefit_cycles.js';
import * as m0016 from './migrations/0016_benefit_workflow_payments.js';
import * as m0017 from './migrations/0017_report_action_county.js';
import * as m0018 from './migrations/0018_services_care_petitions_cases.js';

/** Migrations are listed here in order, so they run the same from source, from dist and in tests. */
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_imports': m0002,
  '0004_indicators': m0004,
  '0005_indicator_refresh': m0005,
  '0006_person_span_birthday': m0006,
  '0007_quality': m0007,
  '0008_unit_boundaries': m0008,
  '0009_women_years': m0009,
  '0010_feeds': m0010,
  '0011_bulk_refresh': m0011,
  '0012_linkage': m0012,
  '0013_feed_types_hr_housing': m0013,
  '0014_benefit_programs': m0014,
  '0015_benefit_cycles': m0015,
  '0016_benefit_workflow_payments': m0016,
  '0017_report_action_county': m0017,
  '0018_services_care_petitions_cases': m0018,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'renkou_migration',
    migrationLockTableName: 'renkou_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
    throw new Error(`数据库迁移 ${failed} 失败 (migration failed): ${(error as Error).message}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
