-- A new account (an entity, or a brand under its entity).
INSERT INTO accounts
    (id, name, kind, parent_id, legal_name, siren, vat_number, address, created_at)
VALUES
    (:id, :name, :kind, :parent_id, :legal_name, :siren, :vat_number, :address, :created_at);
