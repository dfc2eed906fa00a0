-- Every registered version of a snapshot (seed 4.1); a version is never overwritten.
CREATE TABLE snapshot_version (
    snapshot_id   VARCHAR(128)   NOT NULL,
    version       INTEGER        NOT NULL,
    owner_id      VARCHAR(256)   NOT NULL,
    owner_kid     VARCHAR(128)   NOT NULL,
    document      VARCHAR(32000) NOT NULL,
    updated_at    BIGINT         NOT NULL,
    registered_at BIGINT         NOT NULL,
    PRIMARY KEY (snapshot_id, version)
);

-- Memories imported with a version (seed 4.8), sealed with AES-GCM: no text is stored in the clear.
CREATE TABLE snapshot_memory (
    snapshot_id VARCHAR(128)   NOT NULL,
    version     INTEGER        NOT NULL,
    memory_id   VARCHAR(128)   NOT NULL,
    exportable  BOOLEAN        NOT NULL,
    redacted    BOOLEAN        NOT NULL,
    sealed      VARCHAR(32000) NOT NULL,
    PRIMARY KEY (snapshot_id, version, memory_id)
);

-- Audit stubs of redacted memories (seed 7.4): id, time and checksum of the removed text.
CREATE TABLE snapshot_redaction (
    snapshot_id VARCHAR(128) NOT NULL,
    memory_id   VARCHAR(128) NOT NULL,
    ts          BIGINT       NOT NULL,
    checksum    VARCHAR(80)  NOT NULL,
    PRIMARY KEY (snapshot_id, memory_id)
);
