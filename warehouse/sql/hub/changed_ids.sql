-- The ids of one table's rows inserted, updated or deleted since a copy (hub migration 0032).
SELECT row_id FROM row_changes WHERE tbl = :tbl AND seq > :since
