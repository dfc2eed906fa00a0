-- Memories written by the Personality Core during sessions (seed 4.8), sealed with AES-GCM: no text in the clear.
CREATE TABLE memory_item (
    snapshot_id VARCHAR(128)   NOT NULL,
    memory_id   VARCHAR(128)   NOT NULL,
    session_id  VARCHAR(128)   NOT NULL,
    ts          BIGINT         NOT NULL,
    exportable  BOOLEAN        NOT NULL,
    sealed      VARCHAR(32000) NOT NULL,
    PRIMARY KEY (snapshot_id, memory_id)
);
CREATE INDEX memory_item_session ON memory_item (session_id);
