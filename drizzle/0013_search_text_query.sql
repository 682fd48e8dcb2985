-- Typo-tolerant and prefix text (lib/domain/text-query.ts): pg_trgm finds prefix expansions, fuzzystrmatch
-- narrows typo candidates. Both are contrib extensions (PGlite loads them in lib/db/client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;--> statement-breakpoint
-- The derived index gains per-field text and per-row credential counts that only the indexer can
-- compute (tokenising is TypeScript): empty it, and the in-process indexer's bootstrap rebuilds it from
-- the database on its first tick (as on a fresh install); `npm run reindex` does the same by hand.
TRUNCATE "search_skill_facts", "search_doc_facets", "search_document_skills", "search_documents";--> statement-breakpoint
CREATE TABLE "search_terms" (
	"term" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
DROP INDEX "search_documents_tokens_idx";--> statement-breakpoint
DROP INDEX "search_skill_facts_skill_idx";--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "field_tokens" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "field_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "search_skill_facts" ADD COLUMN "credentials" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "search_skill_facts" ADD COLUMN "trusted_credentials" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "search_terms_trgm_idx" ON "search_terms" USING gin ("term" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_documents_field_tokens_idx" ON "search_documents" USING gin ("field_tokens");--> statement-breakpoint
CREATE INDEX "search_skill_facts_level_idx" ON "search_skill_facts" USING btree ("skill_no","doc_no","level","verified","expires_at","credentials");