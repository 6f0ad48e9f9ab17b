-- Which rows of leads and deliveries changed, in write order (decision 0063): the warehouse
-- copies only the rows changed since its last copy instead of both tables whole each minute.
-- Triggers record every insert, update and delete (updated_at is not moved by every write).
-- One row per table row (upserted to the newest seq), so the log stays the size of an index;
-- seq only grows: writes are serialised, so a reader's snapshot holds every seq up to its max.
CREATE TABLE row_changes (
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    PRIMARY KEY (tbl, row_id)
) WITHOUT ROWID;
CREATE INDEX row_changes_seq ON row_changes (seq);

CREATE TRIGGER leads_changed_insert AFTER INSERT ON leads BEGIN
    INSERT INTO row_changes (tbl, row_id, seq)
    VALUES ('leads', NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM row_changes))
    ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq;
END;
CREATE TRIGGER leads_changed_update AFTER UPDATE ON leads BEGIN
    INSERT INTO row_changes (tbl, row_id, seq)
    VALUES ('leads', NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM row_changes)),
           ('leads', OLD.id, (SELECT coalesce(max(seq), 0) + 1 FROM row_changes))
    ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq;
END;
CREATE TRIGGER leads_changed_delete AFTER DELETE ON leads BEGIN
    INSERT INTO row_changes (tbl, row_id, seq)
    VALUES ('leads', OLD.id, (SELECT coalesce(max(seq), 0) + 1 FROM row_changes))
    ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER deliveries_changed_insert AFTER INSERT ON deliveries BEGIN
    INSERT INTO row_changes (tbl, row_id, seq)
    VALUES ('deliveries', NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM row_changes))
    ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq;
END;
CREATE TRIGGER deliveries_changed_update AFTER UPDATE ON deliveries BEGIN
    INSERT INTO row_changes (tbl, row_id, seq)
    VALUES ('deliveries', NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM row_changes)),
           ('deliveries', OLD.id, (SELECT coalesce(max(seq), 0) + 1 FROM row_changes))
    ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq;
END;
CREATE TRIGGER deliveries_changed_delete AFTER DELETE ON deliveries BEGIN
    INSERT INTO row_changes (tbl, row_id, seq)
    VALUES ('deliveries', OLD.id, (SELECT coalesce(max(seq), 0) + 1 FROM row_changes))
    ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq;
END;
