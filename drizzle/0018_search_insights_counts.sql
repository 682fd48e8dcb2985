CREATE TABLE "search_cell_credential_dates" (
	"cell_no" integer NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"credentials" integer NOT NULL,
	CONSTRAINT "search_cell_credential_dates_cell_no_issued_at_pk" PRIMARY KEY("cell_no","issued_at")
);
--> statement-breakpoint
CREATE TABLE "search_cell_expiring_levels" (
	"cell_no" integer NOT NULL,
	"skill_no" integer NOT NULL,
	"level" smallint NOT NULL,
	"until" timestamp with time zone NOT NULL,
	"people" integer NOT NULL,
	CONSTRAINT "search_cell_expiring_levels_cell_no_skill_no_level_until_pk" PRIMARY KEY("cell_no","skill_no","level","until")
);
--> statement-breakpoint
CREATE TABLE "search_cell_months" (
	"cell_no" integer NOT NULL,
	"month" text NOT NULL,
	"credentials" integer NOT NULL,
	CONSTRAINT "search_cell_months_cell_no_month_pk" PRIMARY KEY("cell_no","month")
);
--> statement-breakpoint
CREATE TABLE "search_cell_skill_levels" (
	"cell_no" integer NOT NULL,
	"skill_no" integer NOT NULL,
	"level" smallint NOT NULL,
	"people" integer NOT NULL,
	CONSTRAINT "search_cell_skill_levels_cell_no_skill_no_level_pk" PRIMARY KEY("cell_no","skill_no","level")
);
--> statement-breakpoint
ALTER TABLE "search_doc_facets" ADD COLUMN "skills_verified_levels" smallint[] DEFAULT '{}'::int2[] NOT NULL;--> statement-breakpoint
ALTER TABLE "search_doc_facets" ADD COLUMN "expiring_verified_levels" smallint[] DEFAULT '{}'::int2[] NOT NULL;--> statement-breakpoint
ALTER TABLE "search_doc_facets" ADD COLUMN "credential_dates" timestamp with time zone[] DEFAULT '{}'::timestamptz[] NOT NULL;--> statement-breakpoint
CREATE INDEX "search_cell_credential_dates_issued_idx" ON "search_cell_credential_dates" USING btree ("issued_at");--> statement-breakpoint
-- search_doc_facets_fill (migration 0008) also writes the verified levels of the skill arrays (a person
-- has at most one verified row per skill) and the verified credentials' issue dates, which HR insights count.
CREATE OR REPLACE FUNCTION search_doc_facets_fill(doc_nos integer[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO search_cells (kind, department_id, location, open_to_mobility, searchable)
  SELECT DISTINCT d.kind, coalesce(d.department_id, ''), d.location, d.open_to_mobility, d.searchable
  FROM unnest(doc_nos) AS u(doc_no) JOIN search_documents d ON d.doc_no = u.doc_no
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT DO NOTHING;
  INSERT INTO search_doc_facets (doc_no, cell_no, person_id, kind, name, location, department_id, "current_role", open_to_mobility, searchable,
    last_verified_at, issuer_ids, skills_verified, skills_any, expiring_verified, expiring_verified_until, expiring_any, expiring_any_until,
    skills_verified_levels, expiring_verified_levels, credential_dates)
  SELECT d.doc_no, c.cell_no, d.person_id, d.kind, d.name, d.location, d.department_id, d."current_role", d.open_to_mobility, d.searchable,
    d.last_verified_at, d.issuer_ids,
    coalesce(x.skills_verified, '{}'), coalesce(x.skills_any, '{}'),
    coalesce(x.expiring_verified, '{}'), coalesce(x.expiring_verified_until, '{}'),
    coalesce(x.expiring_any, '{}'), coalesce(x.expiring_any_until, '{}'),
    coalesce(x.skills_verified_levels, '{}'), coalesce(x.expiring_verified_levels, '{}'), d.verified_credential_dates
  FROM unnest(doc_nos) AS u(doc_no)
  JOIN search_documents d ON d.doc_no = u.doc_no
  JOIN search_cells c ON c.kind = d.kind AND c.department_id = coalesce(d.department_id, '') AND c.location = d.location
    AND c.open_to_mobility = d.open_to_mobility AND c.searchable = d.searchable
  LEFT JOIN LATERAL (
    SELECT
      array_agg(g.skill_no ORDER BY g.skill_no) FILTER (WHERE g.verified_forever) AS skills_verified,
      array_agg(g.skill_no ORDER BY g.skill_no) FILTER (WHERE g.any_forever) AS skills_any,
      array_agg(g.skill_no ORDER BY g.skill_no) FILTER (WHERE g.has_verified AND NOT g.verified_forever) AS expiring_verified,
      array_agg(g.verified_until ORDER BY g.skill_no) FILTER (WHERE g.has_verified AND NOT g.verified_forever) AS expiring_verified_until,
      array_agg(g.skill_no ORDER BY g.skill_no) FILTER (WHERE NOT g.any_forever) AS expiring_any,
      array_agg(g.any_until ORDER BY g.skill_no) FILTER (WHERE NOT g.any_forever) AS expiring_any_until,
      array_agg(g.verified_level ORDER BY g.skill_no) FILTER (WHERE g.verified_forever) AS skills_verified_levels,
      array_agg(g.verified_level ORDER BY g.skill_no) FILTER (WHERE g.has_verified AND NOT g.verified_forever) AS expiring_verified_levels
    FROM (
      SELECT s.skill_no,
        bool_or(s.verified) AS has_verified,
        bool_or(s.verified AND s.expires_at IS NULL) AS verified_forever,
        bool_or(s.expires_at IS NULL) AS any_forever,
        max(s.expires_at) FILTER (WHERE s.verified) AS verified_until,
        max(s.expires_at) AS any_until,
        max(s.level) FILTER (WHERE s.verified) AS verified_level
      FROM search_skill_facts s WHERE s.doc_no = d.doc_no GROUP BY s.skill_no
    ) g
  ) x ON true;
$$;
--> statement-breakpoint
-- The facet totals' trigger (migration 0017) also keeps the insights counts. A row written before
-- this migration has skills but no level arrays yet (unnest pads them with NULL): it holds no level
-- counts, so its NULL levels are skipped rather than counted (the backfill below subtracts such rows).
CREATE OR REPLACE FUNCTION search_cell_totals_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parts text[] := '{}';
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM search_cell_people;
    DELETE FROM search_cell_skills;
    DELETE FROM search_cell_expiring;
    DELETE FROM search_cell_issuers;
    DELETE FROM search_cell_skill_levels;
    DELETE FROM search_cell_expiring_levels;
    DELETE FROM search_cell_months;
    DELETE FROM search_cell_credential_dates;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN parts := parts || 'SELECT -1 AS sign, * FROM old_rows'::text; END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN parts := parts || 'SELECT 1 AS sign, * FROM new_rows'::text; END IF;
  EXECUTE format($sql$
    WITH d AS MATERIALIZED (%s),
    people AS (
      INSERT INTO search_cell_people AS t (cell_no, people)
      SELECT cell_no, sum(sign) FROM d GROUP BY 1 ORDER BY 1
      ON CONFLICT (cell_no) DO UPDATE SET people = t.people + excluded.people
    ),
    skills AS (
      INSERT INTO search_cell_skills AS t (verified_only, cell_no, skill_no, people)
      SELECT verified_only, cell_no, skill_no, sum(sign) FROM (
        SELECT true AS verified_only, cell_no, unnest(skills_verified) AS skill_no, sign FROM d
        UNION ALL
        SELECT false, cell_no, unnest(skills_any), sign FROM d
      ) x GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (verified_only, cell_no, skill_no) DO UPDATE SET people = t.people + excluded.people
    ),
    expiring AS (
      INSERT INTO search_cell_expiring AS t (verified_only, cell_no, skill_no, until, people)
      SELECT verified_only, cell_no, skill_no, until, sum(sign) FROM (
        SELECT true AS verified_only, d.cell_no, e.skill_no, e.until, d.sign FROM d, unnest(d.expiring_verified, d.expiring_verified_until) AS e(skill_no, until)
        UNION ALL
        SELECT false, d.cell_no, e.skill_no, e.until, d.sign FROM d, unnest(d.expiring_any, d.expiring_any_until) AS e(skill_no, until)
      ) x GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (verified_only, cell_no, skill_no, until) DO UPDATE SET people = t.people + excluded.people
    ),
    issuers AS (
      INSERT INTO search_cell_issuers AS t (cell_no, issuer_id, people)
      SELECT cell_no, issuer_id, sum(sign) FROM (SELECT cell_no, unnest(issuer_ids) AS issuer_id, sign FROM d) x GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (cell_no, issuer_id) DO UPDATE SET people = t.people + excluded.people
    ),
    levels AS (
      INSERT INTO search_cell_skill_levels AS t (cell_no, skill_no, level, people)
      SELECT d.cell_no, e.skill_no, e.level, sum(d.sign) FROM d, unnest(d.skills_verified, d.skills_verified_levels) AS e(skill_no, level)
      WHERE e.level IS NOT NULL
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (cell_no, skill_no, level) DO UPDATE SET people = t.people + excluded.people
    ),
    expiring_levels AS (
      INSERT INTO search_cell_expiring_levels AS t (cell_no, skill_no, level, until, people)
      SELECT d.cell_no, e.skill_no, e.level, e.until, sum(d.sign) FROM d, unnest(d.expiring_verified, d.expiring_verified_levels, d.expiring_verified_until) AS e(skill_no, level, until)
      WHERE e.level IS NOT NULL
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (cell_no, skill_no, level, until) DO UPDATE SET people = t.people + excluded.people
    ),
    dates AS MATERIALIZED (SELECT d.cell_no, t.issued_at, d.sign FROM d, unnest(d.credential_dates) AS t(issued_at)),
    months AS (
      INSERT INTO search_cell_months AS t (cell_no, month, credentials)
      SELECT cell_no, to_char(issued_at AT TIME ZONE 'UTC', 'YYYY-MM'), sum(sign) FROM dates GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (cell_no, month) DO UPDATE SET credentials = t.credentials + excluded.credentials
    )
    INSERT INTO search_cell_credential_dates AS t (cell_no, issued_at, credentials)
    SELECT cell_no, issued_at, sum(sign) FROM dates GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (cell_no, issued_at) DO UPDATE SET credentials = t.credentials + excluded.credentials
  $sql$, array_to_string(parts, ' UNION ALL '));
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Backfill the new columns of every existing row; the update trigger subtracts each old row (no
-- levels or dates yet) and adds the new one, which fills the new counts.
UPDATE search_doc_facets f SET
  skills_verified_levels = coalesce((SELECT array_agg(s.level ORDER BY k.ord) FROM unnest(f.skills_verified) WITH ORDINALITY AS k(skill_no, ord)
    JOIN search_skill_facts s ON s.doc_no = f.doc_no AND s.skill_no = k.skill_no AND s.verified), '{}'),
  expiring_verified_levels = coalesce((SELECT array_agg(s.level ORDER BY k.ord) FROM unnest(f.expiring_verified) WITH ORDINALITY AS k(skill_no, ord)
    JOIN search_skill_facts s ON s.doc_no = f.doc_no AND s.skill_no = k.skill_no AND s.verified), '{}'),
  credential_dates = d.verified_credential_dates
FROM search_documents d WHERE d.doc_no = f.doc_no;
