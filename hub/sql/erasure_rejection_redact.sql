-- A refused submission of an erased person: its reason stays, its content does not.
UPDATE lead_rejections SET payload = '{}', ip = NULL, user_agent = NULL WHERE id = :id;
