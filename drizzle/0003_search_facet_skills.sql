ALTER TABLE "search_documents" ADD COLUMN "facet_skills_verified" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "facet_skills_all" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "has_expiring_skills" boolean DEFAULT false NOT NULL;