-- The live rate and cooldown counters of the policy gate when several nodes share them (counters = database in
-- etc/org.aiverse.policy.cfg): one row per owner and intent type holding the GCRA theoretical arrival time and the
-- cooldown deadline, both in epoch nanoseconds. A conditional UPDATE (tat <= now + tolerance - interval) is the
-- atomic take of a token; rows that no longer constrain anything are deleted by the gate's sweep.
CREATE TABLE policy_counter (
    owner_id       VARCHAR(256) NOT NULL,
    intent_type    VARCHAR(256) NOT NULL,
    tat            BIGINT       NOT NULL,
    cooldown_until BIGINT       NOT NULL,
    PRIMARY KEY (owner_id, intent_type)
);
