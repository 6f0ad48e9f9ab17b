-- Take one entry off the opposition list.
DELETE FROM oppositions WHERE id = :id;
