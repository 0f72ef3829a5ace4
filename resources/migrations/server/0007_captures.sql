CREATE TABLE "captures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL,
	"url" text NOT NULL,
	"final_url" text,
	"state" text NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"ended_at" timestamp (3) with time zone NOT NULL,
	"wacz_sha256" text NOT NULL,
	"wacz_bytes" bigint NOT NULL,
	"signer_fingerprint" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_by_name" text NOT NULL,
	"device_id" uuid NOT NULL,
	"recorded_at" timestamp (3) with time zone NOT NULL,
	"uploaded_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "captures" ADD CONSTRAINT "captures_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "captures_report_idx" ON "captures" USING btree ("report_id","started_at");
--> statement-breakpoint
-- The report's sync document gains its captures (ReportCaptureSchema), after the events. Redefined from
-- the latest definition (0002), fields unchanged otherwise. Documents built before this migration have no
-- "captures" key (the field is optional): they get one at their next write.
CREATE OR REPLACE FUNCTION pharos_report_captures_json(report uuid) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce('[' || string_agg(concat(
      '{"captureId":', pharos_json_str(c.id::text),
      ',"url":', pharos_json_str(c.url),
      ',"finalUrl":', pharos_json_str(c.final_url),
      ',"state":', pharos_json_str(c.state),
      ',"startedAt":', pharos_json_time(c.started_at),
      ',"endedAt":', pharos_json_time(c.ended_at),
      ',"waczSha256":', pharos_json_str(c.wacz_sha256),
      ',"waczBytes":', c.wacz_bytes,
      ',"signerFingerprint":', pharos_json_str(c.signer_fingerprint),
      ',"recordedBy":', pharos_json_str(c.recorded_by_name),
      ',"uploadedAt":', pharos_json_time(c.uploaded_at), '}'), ',' ORDER BY c.started_at, c.id) || ']', '[]')
  FROM captures c WHERE c.report_id = report
$$;
--> statement-breakpoint
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
    ',"events":', pharos_report_events_json(NEW.id),
    ',"captures":', pharos_report_captures_json(NEW.id));
  RETURN NEW;
END
$$;
