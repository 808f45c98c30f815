-- A job's row is written five or six times in its life (claimed, each hypervisor task recorded, settled) and its
-- server's three times; most of those writes change no indexed column. With room left on each page PostgreSQL
-- updates such rows in place (HOT: no new entry in any of their indexes — servers has eight), which a full page
-- (the default fillfactor 100) never allows (issue #12). Applies to pages written from now on.
ALTER TABLE jobs SET (fillfactor = 70);
ALTER TABLE servers SET (fillfactor = 80);
