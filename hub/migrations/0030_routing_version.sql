-- The routing version (issue 13; decision 0058): a token that changes with every write that can
-- change what routing compiles from the commande set (commandes, the buyer columns it reads,
-- the account tree and archiving). The router reads it inside its routing transaction and
-- compiles the commandes again only when it changed. Triggers, so that every writer bumps it:
-- services, CLI, dashboard, and raw SQL alike. random(): a value never seen before, also after
-- a restore from a backup, so a cached compilation can never be taken for another state.
-- A migration that rebuilds one of these tables must create its triggers again.
CREATE TABLE routing_version (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    token INTEGER NOT NULL
);
INSERT INTO routing_version (id, token) VALUES (1, random());

CREATE TRIGGER routing_version_commande_insert AFTER INSERT ON commandes BEGIN
    UPDATE routing_version SET token = random() WHERE id = 1;
END;
CREATE TRIGGER routing_version_commande_update AFTER UPDATE ON commandes BEGIN
    UPDATE routing_version SET token = random() WHERE id = 1;
END;
CREATE TRIGGER routing_version_commande_delete AFTER DELETE ON commandes BEGIN
    UPDATE routing_version SET token = random() WHERE id = 1;
END;
CREATE TRIGGER routing_version_buyer_insert AFTER INSERT ON buyers BEGIN
    UPDATE routing_version SET token = random() WHERE id = 1;
END;
CREATE TRIGGER routing_version_buyer_update
AFTER UPDATE OF id, account_id, active, is_test, misconfigured, billing_cycle ON buyers BEGIN
    UPDATE routing_version SET token = random() WHERE id = 1;
END;
CREATE TRIGGER routing_version_buyer_delete AFTER DELETE ON buyers BEGIN
    UPDATE routing_version SET token = random() WHERE id = 1;
END;
CREATE TRIGGER routing_version_account_insert AFTER INSERT ON accounts BEGIN
    UPDATE routing_version SET token = random() WHERE id = 1;
END;
CREATE TRIGGER routing_version_account_update
AFTER UPDATE OF id, parent_id, archived_at ON accounts BEGIN
    UPDATE routing_version SET token = random() WHERE id = 1;
END;
CREATE TRIGGER routing_version_account_delete AFTER DELETE ON accounts BEGIN
    UPDATE routing_version SET token = random() WHERE id = 1;
END;
