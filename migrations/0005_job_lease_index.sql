-- Reclaiming a crashed worker's job looks only at running jobs whose lease ran out.
CREATE INDEX jobs_lease_idx ON jobs (locked_until) WHERE state = 'running';
