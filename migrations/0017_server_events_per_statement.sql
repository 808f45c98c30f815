-- Each status change of a server is recorded in server_events, as before, but by one INSERT … SELECT per
-- statement over its transition tables instead of a PL/pgSQL call and a single-row INSERT per row: a worker
-- settles its jobs in batches (jobs.succeed_many, jobs.claim), and the per-row trigger was a sixth of the
-- database's time per job (issue #12). Transition tables rule out a column list (UPDATE OF status), so the
-- update trigger sees every update and keeps the rows whose status changed.
CREATE FUNCTION record_inserted_server_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO server_events (server_id, job_id, actor_id, from_status, to_status, error)
    SELECT n.id, n.changed_by_job, n.changed_by, NULL, n.status, CASE WHEN n.status = 'failed' THEN n.last_error END
    FROM inserted_servers n;
    RETURN NULL;
END $$;

CREATE FUNCTION record_updated_server_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO server_events (server_id, job_id, actor_id, from_status, to_status, error)
    SELECT n.id, n.changed_by_job, n.changed_by, o.status, n.status, CASE WHEN n.status = 'failed' THEN n.last_error END
    FROM updated_servers n JOIN previous_servers o ON o.id = n.id
    WHERE n.status IS DISTINCT FROM o.status;
    RETURN NULL;
END $$;

DROP TRIGGER servers_record_event ON servers;
DROP FUNCTION record_server_event();
CREATE TRIGGER servers_inserted_events AFTER INSERT ON servers
    REFERENCING NEW TABLE AS inserted_servers FOR EACH STATEMENT EXECUTE FUNCTION record_inserted_server_events();
CREATE TRIGGER servers_updated_events AFTER UPDATE ON servers
    REFERENCING OLD TABLE AS previous_servers NEW TABLE AS updated_servers
    FOR EACH STATEMENT EXECUTE FUNCTION record_updated_server_events();

-- Which job caused an event is a record, like its actor (0015): no key, no FOR KEY SHARE lock on the job's row
-- for every event.
ALTER TABLE server_events DROP CONSTRAINT IF EXISTS server_events_job_id_fkey;
