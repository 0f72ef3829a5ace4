CREATE TABLE "competing_decisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"mutation_id" bigint NOT NULL,
	"user_id" uuid NOT NULL,
	"actor" text NOT NULL,
	"name" text NOT NULL,
	"args" jsonb NOT NULL,
	"base_version" bigint NOT NULL,
	"current_version" bigint NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"resolved_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "sync_clients" (
	"client_id" uuid PRIMARY KEY NOT NULL,
	"last_mutation_id" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_mutations" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sync_mutations_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"client_id" uuid NOT NULL,
	"mutation_id" bigint NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"args" jsonb NOT NULL,
	"report_id" uuid,
	"created_at" timestamp (3) with time zone NOT NULL,
	"processed_at" timestamp (3) with time zone NOT NULL,
	"status" text NOT NULL,
	"reason_kind" text,
	"reason_message" text,
	"version_after" bigint
);
--> statement-breakpoint
CREATE TABLE "sync_refusals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"user_id" uuid,
	"device_id" uuid,
	"client_id" text,
	"status" integer NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "competing_decisions_report_idx" ON "competing_decisions" USING btree ("report_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sync_mutations_client_idx" ON "sync_mutations" USING btree ("client_id","mutation_id");--> statement-breakpoint
CREATE INDEX "sync_mutations_report_idx" ON "sync_mutations" USING btree ("report_id","version_after");