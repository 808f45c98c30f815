-- Every filter GET /servers offers has an index that returns its page in order: without these, a status few
-- servers have (?status=pending) walked the whole created_at index (60 ms with 1M servers, 0 rows).
-- The cost: a status change is no longer a HOT update (status is now indexed); the queue bench measures it.
CREATE INDEX servers_status_created_idx ON servers (status, created_at, id);
CREATE INDEX servers_owner_status_created_idx ON servers (owner_id, status, created_at, id);
