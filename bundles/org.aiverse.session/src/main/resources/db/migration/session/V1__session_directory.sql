-- Which node owns each session, so that every node can route REST calls and WebSocket connections to the owner,
-- and a surviving node can take a dead node's sessions over (issue 11). Runs on Derby and PostgreSQL.

-- The nodes that own sessions, with their lease: a node renews last_seen every second; one whose lease ran out is
-- dead, and its sessions are claimed by the survivors.
CREATE TABLE session_node (
    node_id VARCHAR(128) NOT NULL PRIMARY KEY,
    url VARCHAR(512) NOT NULL,
    started_at BIGINT NOT NULL,
    last_seen BIGINT NOT NULL
);

-- One row per session: its owner (node_id, and epoch counting the takeovers: a claim is a conditional UPDATE on
-- the previous owner, so exactly one survivor wins), its lifecycle state, and what another node needs to run it
-- again from the recorder's durable state: the start options, the consent it runs under, its capabilities.
CREATE TABLE session_owner (
    session_id VARCHAR(64) NOT NULL PRIMARY KEY,
    node_id VARCHAR(128) NOT NULL,
    epoch INT NOT NULL,
    state VARCHAR(16) NOT NULL,
    stopped SMALLINT DEFAULT 0 NOT NULL,
    owner_sub VARCHAR(256) NOT NULL,
    consent_session_id VARCHAR(256) NOT NULL,
    kid VARCHAR(256) NOT NULL,
    consent_exp BIGINT NOT NULL,
    scopes VARCHAR(2000) NOT NULL,
    capabilities VARCHAR(2000) NOT NULL,
    options VARCHAR(16000) NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX session_owner_node ON session_owner (node_id);
