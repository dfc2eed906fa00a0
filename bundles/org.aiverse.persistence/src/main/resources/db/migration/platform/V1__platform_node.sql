-- The nodes of this platform: one row per Karaf node, updated as a heartbeat.
CREATE TABLE platform_node (
    node_id    VARCHAR(128) NOT NULL PRIMARY KEY,
    version    VARCHAR(64)  NOT NULL,
    started_at BIGINT       NOT NULL,
    last_seen  BIGINT       NOT NULL
);
