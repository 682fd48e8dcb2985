CREATE TYPE "public"."pathway_assignment_status" AS ENUM('active', 'completed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."pathway_step_state" AS ENUM('not_started', 'started', 'earned');--> statement-breakpoint
CREATE TABLE "pathway_assignment_steps" (
	"assignment_id" text NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"achievement_id" text NOT NULL,
	"name" text NOT NULL,
	"issuer_name" text,
	"parts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"targets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"state" "pathway_step_state" DEFAULT 'not_started' NOT NULL,
	"credential_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"started_at" timestamp with time zone,
	"earned_at" timestamp with time zone,
	CONSTRAINT "pathway_assignment_steps_assignment_id_position_pk" PRIMARY KEY("assignment_id","position")
);
--> statement-breakpoint
CREATE TABLE "pathway_assignments" (
	"id" text PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"role_id" text,
	"role_name" text NOT NULL,
	"assigned_by" text,
	"target_date" date,
	"note" text DEFAULT '' NOT NULL,
	"status" "pathway_assignment_status" DEFAULT 'active' NOT NULL,
	"completed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pathway_assignment_steps" ADD CONSTRAINT "pathway_assignment_steps_assignment_id_pathway_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."pathway_assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_assignments" ADD CONSTRAINT "pathway_assignments_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_assignments" ADD CONSTRAINT "pathway_assignments_role_id_role_profiles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."role_profiles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pathway_assignments_person_idx" ON "pathway_assignments" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "pathway_assignments_status_idx" ON "pathway_assignments" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "pathway_assignments_open_idx" ON "pathway_assignments" USING btree ("person_id","role_id") WHERE "pathway_assignments"."status" <> 'cancelled';