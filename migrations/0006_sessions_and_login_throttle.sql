-- Sessions that end when the account changes, and failed-login throttling shared by every API process (#9).

-- Bumped whenever what a token asserts stops being true (disabled, re-enabled, role changed); tokens carry the
-- version they were issued under (claim `sv`) and the API refuses older ones within seconds.
ALTER TABLE users ADD COLUMN session_version bigint NOT NULL DEFAULT 1;

-- In the database, so that no code path (CLI, SQL by hand, a future admin API) can change an account and
-- forget to end its sessions.
CREATE FUNCTION bump_session_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.role IS DISTINCT FROM OLD.role OR (NEW.disabled_at IS NULL) <> (OLD.disabled_at IS NULL) THEN
        NEW.session_version := OLD.session_version + 1;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER users_session_version BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION bump_session_version();

-- Consecutive failed logins per account (lower-cased email, also for emails that do not exist, so the throttle
-- tells nothing) and per client address. A row quiet for `forget` counts from zero again and is deleted by the
-- API's periodic sweep.
CREATE TABLE login_throttle (
    scope         text        NOT NULL CHECK (scope IN ('account', 'address')),
    key           text        NOT NULL,
    failures      integer     NOT NULL CHECK (failures > 0),
    blocked_until timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);
CREATE INDEX login_throttle_updated_idx ON login_throttle (updated_at);

-- The back-off after `failures` consecutive failures: none before `free_tries`, then base, 2·base, 4·base, …
-- up to `cap` seconds.
CREATE FUNCTION login_blocked_until(failures integer, free_tries integer, base_seconds double precision,
                                    cap_seconds double precision) RETURNS timestamptz
    LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN failures < free_tries THEN NULL
                ELSE now() + make_interval(secs => least(cap_seconds,
                                                          base_seconds * power(2, least(failures - free_tries, 30))))
           END
$$;
