-- The hypervisor task (Proxmox UPID) a job is waiting on, written before the wait: a job resumed after its
-- worker died waits on the same task instead of starting another.
ALTER TABLE jobs ADD COLUMN task_upid text;
