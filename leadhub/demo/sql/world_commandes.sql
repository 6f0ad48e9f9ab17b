-- The demo world described: its commandes.
SELECT id, buyer_id, product_code, departements, daily_cap, price_cents FROM commandes;
