-- Transfer prices per pair of entities (decision 0062): a price may name the producing entity
-- (from_entity: the lead's account's entity, which bills) and the selling one (to_entity: the
-- buyer's account's entity, which is billed); NULL = any. A sale freezes the most specific
-- price of its pair, else the product's default (both NULL). The primary key changes: rebuild.
-- The existing rows become the products' defaults.
CREATE TABLE transfer_prices_new (
    id           INTEGER PRIMARY KEY,
    product_code TEXT NOT NULL,
    from_entity  TEXT REFERENCES accounts(id),
    to_entity    TEXT REFERENCES accounts(id),
    price_cents  INTEGER NOT NULL CHECK (price_cents >= 0),
    updated_at   TEXT NOT NULL
);
INSERT INTO transfer_prices_new (product_code, from_entity, to_entity, price_cents, updated_at)
SELECT product_code, NULL, NULL, price_cents, updated_at FROM transfer_prices;
DROP TABLE transfer_prices;
ALTER TABLE transfer_prices_new RENAME TO transfer_prices;
-- One price per product and pair, NULL (any) counted as one value.
CREATE UNIQUE INDEX transfer_prices_pair
    ON transfer_prices (product_code, coalesce(from_entity, ''), coalesce(to_entity, ''));
