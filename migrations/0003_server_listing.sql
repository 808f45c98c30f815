-- GET /servers pages newest-first by (created_at, id) for admins, who see every owner.
CREATE INDEX servers_created_idx ON servers (created_at, id);
