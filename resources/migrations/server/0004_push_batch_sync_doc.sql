-- Push applies a batch of mutations with one insert of events and one update of the reports they
-- change. Without this, the events' statement trigger rebuilds each report's sync document and the
-- update rebuilds it again right after. A writer that updates its reports after inserting their events
-- in the same transaction may set `pharos.sync_doc_deferred` to 'on' (SET LOCAL) around the insert: the
-- update then builds each document once, events included. Every other writer is unchanged.
CREATE OR REPLACE FUNCTION pharos_report_events_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('pharos.sync_doc_deferred', true), '') = 'on' THEN
    RETURN NULL;
  END IF;
  -- Touching the reports rebuilds their documents (BEFORE UPDATE trigger of 0002), events included.
  UPDATE reports SET sync_doc = NULL WHERE id IN (SELECT DISTINCT report_id FROM new_events);
  RETURN NULL;
END
$$;
