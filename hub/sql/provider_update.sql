-- Change a provider (its account never changes).
UPDATE providers
SET name = :name, blocked = :blocked, blocked_reason = :blocked_reason,
    updated_at = :updated_at, archived_at = :archived_at
WHERE id = :id;
