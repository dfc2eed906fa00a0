-- The budget ledger of the policy gate: what each owner's purchases spent per UTC day (seed 4.7 spending_caps.daily).
-- A conditional UPDATE (spent + amount <= cap) is the atomic check-and-spend, so several nodes can share it.
CREATE TABLE policy_budget (
    owner_id   VARCHAR(256)   NOT NULL,
    budget_day BIGINT         NOT NULL,
    spent      DECIMAL(19, 4) NOT NULL,
    updated_at BIGINT         NOT NULL,
    PRIMARY KEY (owner_id, budget_day)
);
