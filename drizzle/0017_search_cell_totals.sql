CREATE TABLE "search_cell_expiring" (
	"verified_only" boolean NOT NULL,
	"cell_no" integer NOT NULL,
	"skill_no" integer NOT NULL,
	"until" timestamp with time zone NOT NULL,
	"people" integer NOT NULL,
	CONSTRAINT "search_cell_expiring_verified_only_cell_no_skill_no_until_pk" PRIMARY KEY("verified_only","cell_no","skill_no","until")
);
--> statement-breakpoint
CREATE TABLE "search_cell_issuers" (
	"cell_no" integer NOT NULL,
	"issuer_id" text NOT NULL,
	"people" integer NOT NULL,
	CONSTRAINT "search_cell_issuers_cell_no_issuer_id_pk" PRIMARY KEY("cell_no","issuer_id")
);
--> statement-breakpoint
CREATE TABLE "search_cell_people" (
	"cell_no" integer PRIMARY KEY NOT NULL,
	"people" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_cell_skills" (
	"verified_only" boolean NOT NULL,
	"cell_no" integer NOT NULL,
	"skill_no" integer NOT NULL,
	"people" integer NOT NULL,
	CONSTRAINT "search_cell_skills_verified_only_cell_no_skill_no_pk" PRIMARY KEY("verified_only","cell_no","skill_no")
);
--> statement-breakpoint
-- Keeps the per-cell totals in step with search_doc_facets: each write statement adds its new rows and
-- subtracts its old ones (transition tables), in the writer's transaction, so the totals and the
-- documents always belong to the same snapshot. A TRUNCATE empties them. Count rows are added in key
-- order (writers are also serialised by the search_index_state bump every index write makes first).
CREATE OR REPLACE FUNCTION search_cell_totals_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parts text[] := '{}';
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM search_cell_people;
    DELETE FROM search_cell_skills;
    DELETE FROM search_cell_expiring;
    DELETE FROM search_cell_issuers;
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
    )
    INSERT INTO search_cell_issuers AS t (cell_no, issuer_id, people)
    SELECT cell_no, issuer_id, sum(sign) FROM (SELECT cell_no, unnest(issuer_ids) AS issuer_id, sign FROM d) x GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (cell_no, issuer_id) DO UPDATE SET people = t.people + excluded.people
  $sql$, array_to_string(parts, ' UNION ALL '));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER search_cell_totals_insert AFTER INSERT ON "search_doc_facets" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_cell_totals_apply();
--> statement-breakpoint
CREATE TRIGGER search_cell_totals_update AFTER UPDATE ON "search_doc_facets" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_cell_totals_apply();
--> statement-breakpoint
CREATE TRIGGER search_cell_totals_delete AFTER DELETE ON "search_doc_facets" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_cell_totals_apply();
--> statement-breakpoint
CREATE TRIGGER search_cell_totals_truncate AFTER TRUNCATE ON "search_doc_facets"
  FOR EACH STATEMENT EXECUTE FUNCTION search_cell_totals_apply();
--> statement-breakpoint
-- Backfill from the existing index (the triggers count every write from now on).
INSERT INTO search_cell_people (cell_no, people) SELECT cell_no, count(*) FROM search_doc_facets GROUP BY 1;
--> statement-breakpoint
INSERT INTO search_cell_skills (verified_only, cell_no, skill_no, people)
SELECT verified_only, cell_no, skill_no, count(*) FROM (
  SELECT true AS verified_only, cell_no, unnest(skills_verified) AS skill_no FROM search_doc_facets
  UNION ALL
  SELECT false, cell_no, unnest(skills_any) FROM search_doc_facets
) x GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO search_cell_expiring (verified_only, cell_no, skill_no, until, people)
SELECT verified_only, cell_no, skill_no, until, count(*) FROM (
  SELECT true AS verified_only, d.cell_no, e.skill_no, e.until FROM search_doc_facets d, unnest(d.expiring_verified, d.expiring_verified_until) AS e(skill_no, until)
  UNION ALL
  SELECT false, d.cell_no, e.skill_no, e.until FROM search_doc_facets d, unnest(d.expiring_any, d.expiring_any_until) AS e(skill_no, until)
) x GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO search_cell_issuers (cell_no, issuer_id, people)
SELECT cell_no, issuer_id, count(*) FROM (SELECT cell_no, unnest(issuer_ids) AS issuer_id FROM search_doc_facets) x GROUP BY 1, 2;
