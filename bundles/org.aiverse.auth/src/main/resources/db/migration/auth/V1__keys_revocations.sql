-- Client public keys (seed 7.2): active while retired_at is null; a retired key verifies for the overlap window.
CREATE TABLE auth_key (
    kid        VARCHAR(128)  NOT NULL PRIMARY KEY,
    sub        VARCHAR(256)  NOT NULL,
    alg        VARCHAR(16)   NOT NULL,
    jwk        VARCHAR(2000) NOT NULL,
    created_at BIGINT        NOT NULL,
    retired_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX auth_key_sub ON auth_key (sub);

-- Revocations by session id (kind SESSION) or key id (kind KEY), effective at once on every node.
CREATE TABLE auth_revocation (
    kind       VARCHAR(16)  NOT NULL,
    target     VARCHAR(256) NOT NULL,
    revoked_at BIGINT       NOT NULL,
    reason     VARCHAR(512),
    PRIMARY KEY (kind, target)
);

-- Single-use tokens already presented: SHA-256 of the signed content, kept until the token expires.
CREATE TABLE auth_used_token (
    token_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    expires_at BIGINT      NOT NULL
);
