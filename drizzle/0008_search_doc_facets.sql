CREATE TABLE "search_doc_facets" (
	"doc_no" integer PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"kind" "person_kind" NOT NULL,
	"name" text NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"department_id" text,
	"current_role" text DEFAULT '' NOT NULL,
	"open_to_mobility" boolean DEFAULT false NOT NULL,
	"searchable" boolean DEFAULT true NOT NULL,
	"last_verified_at" timestamp with time zone,
	"issuer_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"skills_verified" integer[] DEFAULT '{}'::int4[] NOT NULL,
	"skills_any" integer[] DEFAULT '{}'::int4[] NOT NULL,
	"expiring_verified" integer[] DEFAULT '{}'::int4[] NOT NULL,
	"expiring_verified_until" timestamp with time zone[] DEFAULT '{}'::timestamptz[] NOT NULL,
	"expiring_any" integer[] DEFAULT '{}'::int4[] NOT NULL,
	"expiring_any_until" timestamp with time zone[] DEFAULT '{}'::timestamptz[] NOT NULL
);
--> statement-breakpoint
CREATE INDEX "search_doc_facets_location_idx" ON "search_doc_facets" USING btree ("location");--> statement-breakpoint
CREATE INDEX "search_doc_facets_department_idx" ON "search_doc_facets" USING btree ("department_id");--> statement-breakpoint
-- The one definition of a document's narrow row, from its search_documents row and search_skill_facts
-- rows (called by the embedded engine after writing those, and by the backfill below).
CREATE OR REPLACE FUNCTION search_doc_facets_fill(doc_nos integer[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO search_doc_facets (doc_no, person_id, kind, name, location, department_id, "current_role", open_to_mobility, searchable,
    last_verified_at, issuer_ids, skills_verified, skills_any, expiring_verified, expiring_verified_until, expiring_any, expiring_any_until)
  SELECT d.doc_no, d.person_id, d.kind, d.name, d.location, d.department_id, d."current_role", d.open_to_mobility, d.searchable,
    d.last_verified_at, d.issuer_ids,
    coalesce(x.skills_verified, '{}'), coalesce(x.skills_any, '{}'),
    coalesce(x.expiring_verified, '{}'), coalesce(x.expiring_verified_until, '{}'),
    coalesce(x.expiring_any, '{}'), coalesce(x.expiring_any_until, '{}')
  FROM unnest(doc_nos) AS u(doc_no)
  JOIN search_documents d ON d.doc_no = u.doc_no
  LEFT JOIN LATERAL (
    SELECT
      array_agg(g.skill_no ORDER BY g.skill_no) FILTER (WHERE g.verified_forever) AS skills_verified,
      array_agg(g.skill_no ORDER BY g.skill_no) FILTER (WHERE g.any_forever) AS skills_any,
      array_agg(g.skill_no ORDER BY g.skill_no) FILTER (WHERE g.has_verified AND NOT g.verified_forever) AS expiring_verified,
      array_agg(g.verified_until ORDER BY g.skill_no) FILTER (WHERE g.has_verified AND NOT g.verified_forever) AS expiring_verified_until,
      array_agg(g.skill_no ORDER BY g.skill_no) FILTER (WHERE NOT g.any_forever) AS expiring_any,
      array_agg(g.any_until ORDER BY g.skill_no) FILTER (WHERE NOT g.any_forever) AS expiring_any_until
    FROM (
      SELECT s.skill_no,
        bool_or(s.verified) AS has_verified,
        bool_or(s.verified AND s.expires_at IS NULL) AS verified_forever,
        bool_or(s.expires_at IS NULL) AS any_forever,
        max(s.expires_at) FILTER (WHERE s.verified) AS verified_until,
        max(s.expires_at) AS any_until
      FROM search_skill_facts s WHERE s.doc_no = d.doc_no GROUP BY s.skill_no
    ) g
  ) x ON true
$$;
--> statement-breakpoint
CREATE TRIGGER search_doc_facets_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "search_doc_facets"
  FOR EACH STATEMENT EXECUTE FUNCTION search_index_state_bump();
--> statement-breakpoint
-- Backfill from an existing embedded index, so no reindex is needed after upgrading.
SELECT search_doc_facets_fill(array(SELECT doc_no FROM search_documents));
