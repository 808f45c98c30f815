-- Who requested a job, changed a server or caused an event is a record, not a dependency: users are never
-- deleted (they are disabled), so these references need no foreign key. Each one took a FOR KEY SHARE lock on
-- the actor's users row in every insert or update; with the owner's own key that made three shared locks on one
-- hot row per POST /servers, piling up as multixacts under concurrency (issue #12). servers.owner_id keeps its key.
ALTER TABLE jobs DROP CONSTRAINT IF EXISTS jobs_requested_by_fkey;
ALTER TABLE servers DROP CONSTRAINT IF EXISTS servers_changed_by_fkey;
ALTER TABLE server_events DROP CONSTRAINT IF EXISTS server_events_actor_id_fkey;
