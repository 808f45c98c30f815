-- Issue #9: what only the operator may read about a server (WHMCS custom fields marked admin-only) lives in its
-- own column, so an API response that forgets to strip it has nothing to leak: the servers codec adds it for
-- admins only. Rows migrated before this change still hold such fields in `attributes` until whmcs-migrate runs
-- again (the changed fingerprint rewrites them).
ALTER TABLE servers ADD COLUMN admin_attributes jsonb NOT NULL DEFAULT '{}'::jsonb;
