-- Liveness without agreeing clocks (issue 11): a node bumps its beat at every renewal, and the others judge it
-- alive by whether the beat moved within a lease of their own monotonic clock, never by comparing last_seen (the
-- writer's wall clock, kept for operators) with theirs.
ALTER TABLE session_node ADD COLUMN beat BIGINT DEFAULT 0 NOT NULL;

-- The snapshot version a session runs, so that a takeover reopens the Core on that version, not on a newer one
-- published since. NULL on rows written before this column existed: those take the latest version.
ALTER TABLE session_owner ADD COLUMN snapshot_version INT;
