-- A sale across entities: freeze the intercompany transfer price of the product on the delivery,
-- the most specific one for the pair (producer → seller, then producer → any, then any →
-- seller), else the product's default (any → any). No price at all: NULL (not billed).
UPDATE deliveries
SET transfer_cents = (
    SELECT price_cents FROM transfer_prices
    WHERE product_code = :product_code
      AND (from_entity IS NULL OR from_entity = :producer)
      AND (to_entity IS NULL OR to_entity = :seller)
    ORDER BY (from_entity IS NOT NULL) + (to_entity IS NOT NULL) DESC, from_entity IS NULL
    LIMIT 1
)
WHERE id = :delivery_id;
