-- Learning updates the Personality Core proposed at the end of sessions: a diff (memory ids, salience changes; no
-- memory text, which stays sealed in the memory store) awaiting the owner's approval.
CREATE TABLE core_proposal (
    proposal_id    VARCHAR(64)    NOT NULL,
    snapshot_id    VARCHAR(128)   NOT NULL,
    base_version   INTEGER        NOT NULL,
    session_id     VARCHAR(128)   NOT NULL,
    owner_id       VARCHAR(256)   NOT NULL,
    created_at     BIGINT         NOT NULL,
    status         VARCHAR(16)    NOT NULL,
    decided_at     BIGINT,
    result_version INTEGER,
    document       VARCHAR(32000) NOT NULL,
    PRIMARY KEY (proposal_id)
);
CREATE INDEX core_proposal_snapshot ON core_proposal (snapshot_id);
