CREATE TYPE "public"."shortlist_access" AS ENUM('view', 'edit');--> statement-breakpoint
CREATE TYPE "public"."shortlist_stage" AS ENUM('sourced', 'contacted', 'interviewing', 'offered', 'hired', 'rejected');--> statement-breakpoint
CREATE TABLE "shortlist_shares" (
	"shortlist_id" text NOT NULL,
	"user_id" text NOT NULL,
	"access" "shortlist_access" DEFAULT 'view' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shortlist_shares_shortlist_id_user_id_pk" PRIMARY KEY("shortlist_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "saved_searches" ADD COLUMN "notify" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "saved_searches" ADD COLUMN "seen_person_ids" jsonb;--> statement-breakpoint
ALTER TABLE "saved_searches" ADD COLUMN "last_seen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "shortlist_members" ADD COLUMN "stage" "shortlist_stage" DEFAULT 'sourced' NOT NULL;--> statement-breakpoint
ALTER TABLE "shortlist_members" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "shortlists" ADD COLUMN "requirements" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "shortlists" ADD COLUMN "requirements_label" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "shortlist_shares" ADD CONSTRAINT "shortlist_shares_shortlist_id_shortlists_id_fk" FOREIGN KEY ("shortlist_id") REFERENCES "public"."shortlists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shortlist_shares" ADD CONSTRAINT "shortlist_shares_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "shortlist_shares_user_idx" ON "shortlist_shares" USING btree ("user_id");--> statement-breakpoint
-- Saved searches saved before names had to be unique keep working: later duplicates (by owner and
-- case-insensitive name) get their id's first 8 characters appended, so the unique index can be built.
UPDATE "saved_searches" AS s SET "name" = s."name" || ' (' || left(s."id", 8) || ')'
FROM (SELECT "id", row_number() OVER (PARTITION BY "owner_id", lower("name") ORDER BY "created_at", "id") AS rn FROM "saved_searches") AS d
WHERE d."id" = s."id" AND d.rn > 1;--> statement-breakpoint
CREATE UNIQUE INDEX "saved_searches_owner_name_idx" ON "saved_searches" USING btree ("owner_id",lower("name"));