-- The events log is append-only: corrections are new events, never edits.
-- DELETE stays possible for retention (after Parquet export) and site deletion.
CREATE FUNCTION events_refuse_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events is append-only: UPDATE is not allowed' USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER events_append_only BEFORE UPDATE ON events
FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_update();
