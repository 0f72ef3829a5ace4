CREATE TABLE "audit_device_entries" (
	"device" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"prev_hash" text NOT NULL,
	"actor" text NOT NULL,
	"at" text NOT NULL,
	"action" text NOT NULL,
	"payload_hash" text NOT NULL,
	"hash" text NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "audit_device_entries_device_seq_pk" PRIMARY KEY("device","seq")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"prev_hash" text NOT NULL,
	"actor" text NOT NULL,
	"device" text NOT NULL,
	"at" text NOT NULL,
	"action" text NOT NULL,
	"payload" text NOT NULL,
	"payload_hash" text NOT NULL,
	"hash" text NOT NULL
);
