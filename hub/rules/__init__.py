"""Rules both the hub services and the router apply: the commande model, selection, lead
facts, backlog and the outbox, delivery settings and the lead payload buyers receive."""
