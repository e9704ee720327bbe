import type { Kysely } from 'kysely';
import { runScript } from '../script.js';

/**
 * Boundaries of townships and villages (GeoJSON geometry), uploaded by the county administrator
 * for the dashboard's choropleth. One row per unit; an upload replaces the rows of the units in
 * the uploader's area in one transaction. See docs/dashboards.md.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
CREATE TABLE unit_boundary (
  unit_id      text PRIMARY KEY REFERENCES org_unit(id),
  county_code  text NOT NULL,
  geometry     jsonb NOT NULL,
  schematic    boolean NOT NULL DEFAULT false,
  source_name  text,
  uploaded_at  timestamptz NOT NULL,
  uploaded_by  uuid REFERENCES app_user(id)
);
COMMENT ON TABLE unit_boundary IS 'Boundary polygon of a township or village (GeoJSON Polygon or MultiPolygon, WGS84 longitude/latitude) for maps. Replaced as a whole by each upload (PUT /api/org/boundaries).';
COMMENT ON COLUMN unit_boundary.geometry IS 'GeoJSON geometry object: {"type":"Polygon"|"MultiPolygon","coordinates":…}.';
COMMENT ON COLUMN unit_boundary.schematic IS 'True for schematic shapes (示意, not surveyed), such as the demo county''s generated cells.';
COMMENT ON COLUMN unit_boundary.source_name IS 'Name of the uploaded file or collection, as the uploader gave it.';
COMMENT ON COLUMN unit_boundary.uploaded_by IS 'The county administrator who uploaded it; NULL when loaded by the demo seeding.';
CREATE INDEX unit_boundary_county_idx ON unit_boundary (county_code);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `DROP TABLE unit_boundary;`);
}
