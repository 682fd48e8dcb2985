CREATE TABLE "search_document_skills" (
	"person_id" text NOT NULL,
	"skill_id" text NOT NULL,
	"verified" boolean NOT NULL,
	"level" integer NOT NULL,
	"credential_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"achieved_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	CONSTRAINT "search_document_skills_person_id_skill_id_verified_pk" PRIMARY KEY("person_id","skill_id","verified")
);
--> statement-breakpoint
CREATE TABLE "search_documents" (
	"person_id" text PRIMARY KEY NOT NULL,
	"kind" "person_kind" NOT NULL,
	"name" text NOT NULL,
	"headline" text DEFAULT '' NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"department_id" text,
	"current_role" text DEFAULT '' NOT NULL,
	"current_role_profile_id" text,
	"open_to_mobility" boolean DEFAULT false NOT NULL,
	"searchable" boolean DEFAULT true NOT NULL,
	"tokens" text[] DEFAULT '{}'::text[] NOT NULL,
	"issuer_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"verified_credential_count" integer DEFAULT 0 NOT NULL,
	"last_verified_at" timestamp with time zone,
	"verified_credential_dates" timestamp with time zone[] DEFAULT '{}'::timestamptz[] NOT NULL,
	"indexed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "search_document_skills_skill_idx" ON "search_document_skills" USING btree ("skill_id","level");--> statement-breakpoint
CREATE INDEX "search_documents_kind_idx" ON "search_documents" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "search_documents_tokens_idx" ON "search_documents" USING gin ("tokens");