-- A row when the demo world was seeded already (its first entity exists).
SELECT id FROM accounts WHERE id = 'acc_soleil';
