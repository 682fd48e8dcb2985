CREATE TYPE "public"."identity_kind" AS ENUM('email', 'did', 'url', 'profile');--> statement-breakpoint
CREATE TABLE "person_identities" (
	"id" text PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"kind" "identity_kind" NOT NULL,
	"value" text NOT NULL,
	"canonical" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "recipient_binding" text DEFAULT 'matched' NOT NULL;--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "override_reason" text;--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "overridden_by" text;--> statement-breakpoint
ALTER TABLE "issuers" ADD COLUMN "trust_source" text;--> statement-breakpoint
ALTER TABLE "issuers" ADD COLUMN "trust_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "person_skills" ADD COLUMN "trusted_level" integer;--> statement-breakpoint
ALTER TABLE "person_skills" ADD COLUMN "trusted_credential_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "person_skills" ADD COLUMN "trusted_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "search_document_skills" ADD COLUMN "trusted_level" integer;--> statement-breakpoint
ALTER TABLE "search_document_skills" ADD COLUMN "trusted_credential_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "search_document_skills" ADD COLUMN "trusted_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "search_skill_facts" ADD COLUMN "trusted_level" smallint;--> statement-breakpoint
ALTER TABLE "search_skill_facts" ADD COLUMN "trusted_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "person_identities" ADD CONSTRAINT "person_identities_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "person_identities_canonical_idx" ON "person_identities" USING btree ("canonical");--> statement-breakpoint
CREATE INDEX "person_identities_person_idx" ON "person_identities" USING btree ("person_id");--> statement-breakpoint
-- Backfill: verified levels whose proving issuers are all trusted are trusted at the same level (the
-- next recompute of a person, e.g. any trust change or import, fills the finer case of a lower level
-- proven by a trusted issuer under a higher untrusted one). The index picks the new columns up
-- through the outbox.
UPDATE "person_skills" ps SET "trusted_level" = ps."level", "trusted_credential_ids" = ps."credential_ids", "trusted_expires_at" = ps."expires_at"
WHERE ps."verified" AND jsonb_array_length(ps."issuer_ids") > 0
  AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(ps."issuer_ids") i LEFT JOIN "issuers" s ON s."id" = i WHERE s."trust" IS DISTINCT FROM 'trusted');--> statement-breakpoint
INSERT INTO "outbox" ("aggregate", "aggregate_id", "op") SELECT 'person', p."id", 'upsert' FROM "people" p WHERE EXISTS (SELECT 1 FROM "person_skills" ps WHERE ps."person_id" = p."id");
