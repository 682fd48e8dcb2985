-- Bump the embedded index version on every write to the index tables, whoever writes (engine, tests,
-- hand-run SQL), in the writer's transaction: cached facet totals keyed on it can never be stale.
INSERT INTO "search_index_state" ("id", "version") VALUES (1, 0) ON CONFLICT ("id") DO NOTHING;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_index_state_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_index_state (id, version) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET version = search_index_state.version + 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER search_documents_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "search_documents"
  FOR EACH STATEMENT EXECUTE FUNCTION search_index_state_bump();
--> statement-breakpoint
CREATE TRIGGER search_skill_facts_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "search_skill_facts"
  FOR EACH STATEMENT EXECUTE FUNCTION search_index_state_bump();
