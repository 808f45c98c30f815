-- Lifecycle operations on the job queue, their audit trail, and idempotent requests.

ALTER TABLE jobs DROP CONSTRAINT jobs_kind_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind_check
    CHECK (kind IN ('provision', 'suspend', 'unsuspend', 'reboot', 'start', 'stop', 'terminate'));
ALTER TABLE jobs ADD COLUMN requested_by bigint REFERENCES users (id);  -- NULL: the system
-- At most one operation in flight per server: a second one is refused (409) until the first settles.
CREATE UNIQUE INDEX jobs_one_in_flight_idx ON jobs (server_id) WHERE state IN ('queued', 'running');

-- Who moved a server last, so the trigger below can name the actor of every transition.
ALTER TABLE servers
    ADD COLUMN changed_by bigint REFERENCES users (id),
    ADD COLUMN changed_by_job bigint REFERENCES jobs (id);

CREATE TABLE server_events (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    server_id   uuid        NOT NULL REFERENCES servers (id),
    job_id      bigint      REFERENCES jobs (id),
    actor_id    bigint      REFERENCES users (id),  -- NULL: the system (a worker)
    from_status text,
    to_status   text        NOT NULL,
    error       text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX server_events_server_idx ON server_events (server_id, id);

-- Every status change is recorded where it happens, so no code path can forget one.
CREATE FUNCTION record_server_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO server_events (server_id, job_id, actor_id, from_status, to_status, error)
        VALUES (NEW.id, NEW.changed_by_job, NEW.changed_by,
                CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, NEW.status,
                CASE WHEN NEW.status = 'failed' THEN NEW.last_error END);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER servers_record_event AFTER INSERT OR UPDATE OF status ON servers
    FOR EACH ROW EXECUTE FUNCTION record_server_event();

CREATE TABLE idempotency_keys (
    user_id       bigint      NOT NULL REFERENCES users (id),
    key           text        NOT NULL,
    request_hash  text        NOT NULL,  -- method, path and body: the same key with another body is refused
    status        integer,               -- NULL while the first request is still being answered
    response_body text,
    location      text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
