ALTER TABLE "reports" ADD COLUMN "authored_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Reports written before this column: every version counts as someone's change (as it did before).
UPDATE "reports" SET "authored_version" = "version";--> statement-breakpoint
-- Every new version is someone's change (a mutation, an arbitration, intake grouping a duplicate), unless
-- its writer says, for its transaction only, that it is the server's bookkeeping (a capture's copy arrived).
CREATE OR REPLACE FUNCTION pharos_reports_authored_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (TG_OP = 'INSERT' OR NEW.version IS DISTINCT FROM OLD.version)
     AND coalesce(current_setting('pharos.bookkeeping', true), '') <> 'on' THEN
    NEW.authored_version := NEW.version;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER reports_authored_version BEFORE INSERT OR UPDATE ON reports
  FOR EACH ROW EXECUTE FUNCTION pharos_reports_authored_version();
