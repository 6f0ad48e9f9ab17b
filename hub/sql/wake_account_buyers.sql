-- An account was unarchived: the waiting route jobs of the products its buyers (and those of
-- the accounts below it) have commandes for are due now. Jobs leased by a worker are left to it.
-- (The WITH sits inside the subquery: a statement starting with WITH has no rowcount.)
UPDATE outbox SET available_at = :now
WHERE kind = 'route'
  AND done_at IS NULL
  AND available_at > :now
  AND (lease_until IS NULL OR lease_until < :now)
  AND ref_id IN (
      WITH RECURSIVE down(id) AS (
          SELECT :account_id
          UNION
          SELECT a.id FROM accounts a JOIN down ON a.parent_id = down.id
      )
      SELECT l.id FROM leads l
      WHERE l.status IN ('new', 'unrouted')
        AND l.product_code IN (SELECT c.product_code FROM commandes c
                               JOIN buyers b ON b.id = c.buyer_id
                               WHERE b.account_id IN (SELECT id FROM down)));
