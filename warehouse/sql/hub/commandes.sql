SELECT id, buyer_id, name, product_code, departements, daily_cap, price_cents, priority, active,
       created_at
FROM commandes
