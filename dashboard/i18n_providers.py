"""UI strings of the providers and sources page (French first, English), merged by
``dashboard.i18n``.

Pure module: no Streamlit import.
"""

from __future__ import annotations

from typing import Final

FR: Final[dict[str, str]] = {
    "nav.providers": "Fournisseurs et sources",
    "providers.title": "Fournisseurs de leads",
    "providers.create": "Nouveau fournisseur",
    "providers.created": "Fournisseur « {name} » créé.",
    "providers.the_key": "La clé API du fournisseur",
    "providers.edit": "Fournisseur",
    "providers.block": "Bloquer le fournisseur",
    "providers.blocked": "Fournisseur « {name} » bloqué : ses leads sont retenus.",
    "providers.unblock": "Débloquer le fournisseur",
    "providers.unblocked": "Fournisseur « {name} » débloqué.",
    "providers.archive": "Archiver le fournisseur",
    "providers.archived": "Fournisseur « {name} » archivé : ses clés sont révoquées.",
    "sources.title": "Sources de trafic",
    "sources.block": "Bloquer la source",
    "sources.blocked": "Source « {source} » bloquée : ses leads sont retenus.",
    "sources.unblock_which": "Blocage à lever",
    "sources.unblock": "Débloquer la source",
    "sources.unblocked": "Source « {source} » débloquée : ses leads retenus repartent.",
    "col.blocked": "Bloqué",
    "col.blocked_reason": "Motif du blocage",
    "col.leads": "Leads",
    "col.last_lead_at": "Dernier lead",
}

EN: Final[dict[str, str]] = {
    "nav.providers": "Providers and sources",
    "providers.title": "Lead providers",
    "providers.create": "New provider",
    "providers.created": "Provider “{name}” created.",
    "providers.the_key": "The provider's API key",
    "providers.edit": "Provider",
    "providers.block": "Block the provider",
    "providers.blocked": "Provider “{name}” blocked: its leads are held.",
    "providers.unblock": "Unblock the provider",
    "providers.unblocked": "Provider “{name}” unblocked.",
    "providers.archive": "Archive the provider",
    "providers.archived": "Provider “{name}” archived: its keys are revoked.",
    "sources.title": "Traffic sources",
    "sources.block": "Block the source",
    "sources.blocked": "Source “{source}” blocked: its leads are held.",
    "sources.unblock_which": "Block to lift",
    "sources.unblock": "Unblock the source",
    "sources.unblocked": "Source “{source}” unblocked: its held leads are routed again.",
    "col.blocked": "Blocked",
    "col.blocked_reason": "Reason for the block",
    "col.leads": "Leads",
    "col.last_lead_at": "Last lead",
}
