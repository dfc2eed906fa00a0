-- Operator registrations of bridges and worlds (seed 5.7). JSON columns hold the contract's sub-objects.
CREATE TABLE bridge_registration (
    id            VARCHAR(128)  NOT NULL PRIMARY KEY,
    kind          VARCHAR(16)   NOT NULL,
    name          VARCHAR(200)  NOT NULL,
    version       VARCHAR(32)   NOT NULL,
    capabilities  VARCHAR(2000) NOT NULL,
    endpoints     VARCHAR(4000) NOT NULL,
    policy        VARCHAR(2000),
    health        VARCHAR(16)   NOT NULL,
    adapter       VARCHAR(128),
    updated_at    BIGINT        NOT NULL
);
