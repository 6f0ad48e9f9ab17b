-- Prepaid buyers: a balance in euro cents HT that top-ups raise and sales draw down, never below
-- zero (the CHECK is the last guard; routing draws with a conditional update inside the
-- transaction that reserves the caps). Every movement is a row of the ledger, with the balance
-- after it: a top-up (note/reference, actor), a sale (its delivery), a refund (a delivery the
-- buyer rejected, or lead ops took back) or a credit (a return, or a manual credit).
CREATE TABLE prepaid_balances (
    buyer_id      TEXT PRIMARY KEY REFERENCES buyers(id),
    balance_cents INTEGER NOT NULL CHECK (balance_cents >= 0),
    updated_at    TEXT NOT NULL
);

CREATE TABLE prepaid_movements (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    buyer_id            TEXT NOT NULL REFERENCES buyers(id),
    kind                TEXT NOT NULL CHECK (kind IN ('top_up', 'sale', 'refund', 'credit')),
    amount_cents        INTEGER NOT NULL,  -- signed: a sale is negative
    balance_after_cents INTEGER NOT NULL CHECK (balance_after_cents >= 0),
    delivery_id         TEXT REFERENCES deliveries(id),
    credit_id           TEXT REFERENCES credits(id),
    note                TEXT,
    actor               TEXT NOT NULL,
    created_at          TEXT NOT NULL
);
-- A delivery is paid from the balance once, and given back at most once.
CREATE UNIQUE INDEX prepaid_one_sale ON prepaid_movements(delivery_id) WHERE kind = 'sale';
CREATE UNIQUE INDEX prepaid_one_give_back ON prepaid_movements(delivery_id)
    WHERE kind IN ('refund', 'credit') AND delivery_id IS NOT NULL;
CREATE UNIQUE INDEX prepaid_one_credit ON prepaid_movements(credit_id) WHERE credit_id IS NOT NULL;
CREATE INDEX prepaid_movements_buyer ON prepaid_movements(buyer_id, id);
