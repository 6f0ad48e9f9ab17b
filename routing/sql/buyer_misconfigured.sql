-- Flag a buyer whose settings cannot work (changes() = 0: it was flagged already).
UPDATE buyers SET misconfigured = :error, misconfigured_at = :now
WHERE id = :buyer_id AND misconfigured IS NULL;
