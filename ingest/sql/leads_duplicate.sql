-- The earliest lead this one would repeat: same selling entity, product, phone and test flag,
-- created since :since, and itself an original (not spam, invalid or a duplicate).
SELECT id
FROM leads
WHERE phone_e164 = :phone
  AND product_code = :product
  AND entity_id = :entity
  AND is_test = :is_test
  AND created_at >= :since
  AND status NOT IN ('spam', 'invalid', 'duplicate')
ORDER BY created_at, id
LIMIT 1
