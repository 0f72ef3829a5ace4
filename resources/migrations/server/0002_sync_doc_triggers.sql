-- Sync documents: reports.sync_doc holds the report as the pull feed sends it (ReportSchema without
-- `reporter`, which depends on the caller's role, and without the closing brace). Triggers keep it
-- right for every writer: rebuilt before each insert or update of a report, and after events are added.
CREATE OR REPLACE FUNCTION pharos_json_time(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce('"' || to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"', 'null')
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION pharos_json_str(s text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(to_json(s)::text, 'null')
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION pharos_report_events_json(report uuid) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce('[' || string_agg(concat(
      '{"id":', pharos_json_str(e.id::text),
      ',"at":', pharos_json_time(e.at),
      ',"actor":', pharos_json_str(e.actor),
      ',"action":', pharos_json_str(e.action),
      ',"fromStatus":', pharos_json_str(e.from_status),
      ',"toStatus":', pharos_json_str(e.to_status),
      ',"detail":', pharos_json_str(e.detail), '}'), ',' ORDER BY e.at, e.id) || ']', '[]')
  FROM report_events e WHERE e.report_id = report
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
    ',"events":', pharos_report_events_json(NEW.id));
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER reports_sync_doc BEFORE INSERT OR UPDATE ON reports
  FOR EACH ROW EXECUTE FUNCTION pharos_reports_sync_doc();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION pharos_report_events_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Touching the reports rebuilds their documents (BEFORE UPDATE trigger above), events included.
  UPDATE reports SET sync_doc = NULL WHERE id IN (SELECT DISTINCT report_id FROM new_events);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER report_events_added AFTER INSERT ON report_events
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION pharos_report_events_added();
--> statement-breakpoint
-- Bulk loads insert a batch's events before its reports (constraint deferred to commit), so each
-- document is built once, at insert, instead of once more by an update of every report.
ALTER TABLE report_events ALTER CONSTRAINT report_events_report_id_reports_id_fk DEFERRABLE INITIALLY IMMEDIATE;
--> statement-breakpoint
UPDATE reports SET sync_doc = NULL;
