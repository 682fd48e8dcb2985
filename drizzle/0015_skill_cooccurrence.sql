CREATE TABLE "skill_cooccurrence" (
	"skill_id" text NOT NULL,
	"related_skill_id" text NOT NULL,
	"people" integer NOT NULL,
	"share" real NOT NULL,
	"rank" smallint NOT NULL,
	CONSTRAINT "skill_cooccurrence_skill_id_related_skill_id_pk" PRIMARY KEY("skill_id","related_skill_id")
);
--> statement-breakpoint
CREATE TABLE "skill_cooccurrence_state" (
	"id" smallint PRIMARY KEY NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"people" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "skill_cooccurrence_rank_idx" ON "skill_cooccurrence" USING btree ("skill_id","rank");