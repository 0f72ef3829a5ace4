CREATE TABLE "directory_services" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"departement" text,
	"country" text,
	"categories" jsonb NOT NULL,
	"channel" text,
	"notes" text,
	"active" boolean DEFAULT true NOT NULL,
	"version" bigint NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "decision" jsonb;--> statement-breakpoint
-- The synced report carries its decision (verification, qualification, screening, orientation, proposal,
-- review, thread) when it has one: redefined from the latest definition (0007, with the captures) with that one field added.
CREATE OR REPLACE FUNCTION pharos_reports_sync_doc() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.sync_doc := concat(
    '{"id":', pharos_json_str(NEW.id::text),
    ',"reference":', pharos_json_str(NEW.reference),
    ',"source":', pharos_json_str(NEW.source),
    ',"category":', pharos_json_str(NEW.category),
    ',"status":', pharos_json_str(NEW.status),
    ',"priority":', NEW.priority,
    ',"urls":', NEW.urls::text,
    ',"description":', pharos_json_str(NEW.description),
    ',"externalRef":', pharos_json_str(NEW.external_ref),
    ',"receivedAt":', pharos_json_time(NEW.received_at),
    ',"updatedAt":', pharos_json_time(NEW.updated_at),
    ',"claimedBy":', pharos_json_str(NEW.claimed_by),
    ',"leaseUntil":', pharos_json_time(NEW.lease_until),
    ',"assignedTo":', pharos_json_str(NEW.assigned_to),
    ',"clusterId":', pharos_json_str(NEW.cluster_id::text),
    ',"version":', NEW.version,
    CASE WHEN NEW.decision IS NULL THEN '' ELSE ',"decision":' || NEW.decision::text END,
    ',"events":', pharos_report_events_json(NEW.id),
    ',"captures":', pharos_report_captures_json(NEW.id));
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "directory_services_version_idx" ON "directory_services" ("version");
