-- The Session Recorder (seed 3.5, 7.4). Runs on Derby and PostgreSQL.

-- One row per Session Event. payload holds the RFC 8785 canonical JSON of the payload, so that the frozen hash
-- is recomputed from the stored bytes; a redacted event keeps its hash and links, its payload becomes a stub.
CREATE TABLE recorder_event (
    session_id VARCHAR(200) NOT NULL,
    seq BIGINT NOT NULL,
    actor VARCHAR(16) NOT NULL,
    event_type VARCHAR(32) NOT NULL,
    ts BIGINT NOT NULL,
    payload VARCHAR(32672) NOT NULL,
    prev_hash CHAR(64) NOT NULL,
    hash CHAR(64) NOT NULL,
    redacted SMALLINT DEFAULT 0 NOT NULL,
    PRIMARY KEY (session_id, seq)
);

-- Signed checkpoints: SHA-256 over the concatenated hex hashes of events from_seq..to_seq, signed with Ed25519.
CREATE TABLE recorder_checkpoint (
    session_id VARCHAR(200) NOT NULL,
    to_seq BIGINT NOT NULL,
    from_seq BIGINT NOT NULL,
    cp_hash CHAR(64) NOT NULL,
    kid VARCHAR(64) NOT NULL,
    signature VARCHAR(200) NOT NULL,
    ts BIGINT NOT NULL,
    PRIMARY KEY (session_id, to_seq)
);

-- Per-session settings: retention (seed 7.4), owner, the checkpoint interval the chain was written with.
CREATE TABLE recorder_session (
    session_id VARCHAR(200) NOT NULL PRIMARY KEY,
    retention_days INT DEFAULT 30 NOT NULL,
    pinned SMALLINT DEFAULT 0 NOT NULL,
    legal_hold SMALLINT DEFAULT 0 NOT NULL,
    owner_sub VARCHAR(200),
    checkpoint_interval INT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Media referenced by events (the blobs live encrypted in the media store).
CREATE TABLE recorder_media (
    session_id VARCHAR(200) NOT NULL,
    media_id VARCHAR(100) NOT NULL,
    seq BIGINT NOT NULL,
    content_ref VARCHAR(600) NOT NULL,
    content_hash VARCHAR(80) NOT NULL,
    media_type VARCHAR(100) NOT NULL,
    ts BIGINT NOT NULL,
    PRIMARY KEY (session_id, media_id)
);

-- Audit stubs of redactions and deletions (seed 7.4): what was removed, when, and its checksum.
CREATE TABLE recorder_audit (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id VARCHAR(200) NOT NULL,
    seq BIGINT NOT NULL,
    ts BIGINT NOT NULL,
    checksum VARCHAR(80) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    removed_at BIGINT NOT NULL,
    reason VARCHAR(500)
);
CREATE INDEX recorder_audit_session ON recorder_audit (session_id);

-- Public keys that signed checkpoints (every node's, current and retired).
CREATE TABLE recorder_key (
    kid VARCHAR(64) NOT NULL PRIMARY KEY,
    public_key VARCHAR(100) NOT NULL,
    created_at BIGINT NOT NULL
);
