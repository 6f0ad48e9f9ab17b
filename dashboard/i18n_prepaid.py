"""UI strings of the prepaid balances page (French first, English), merged by ``dashboard.i18n``.

Pure module: no Streamlit import.
"""

from __future__ import annotations

from typing import Final

FR: Final[dict[str, str]] = {
    "nav.section.finance": "Finance",
    "nav.prepaid": "Prépaiements",
    "prepaid.title": "Prépaiements",
    "prepaid.intro": "Soldes des acheteurs prépayés, en euros HT. Chaque vente débite le solde ; "
    "un acheteur dont le solde ne couvre pas le prix d'un lead n'en reçoit plus.",
    "prepaid.none": "Aucun acheteur prépayé dans vos comptes.",
    "prepaid.buyer": "Acheteur",
    "prepaid.balance": "Solde (€ HT)",
    "prepaid.updated_at": "Dernier mouvement",
    "prepaid.cycle_changed": "Facturé « {cycle} » : ce solde ne sert plus au routage.",
    "prepaid.history": "Historique du solde",
    "prepaid.when": "Date",
    "prepaid.kind": "Mouvement",
    "prepaid.amount": "Montant (€ HT)",
    "prepaid.after": "Solde après (€ HT)",
    "prepaid.note": "Note / référence",
    "prepaid.delivery": "Livraison",
    "prepaid.kind.top_up": "Rechargement",
    "prepaid.kind.sale": "Vente",
    "prepaid.kind.refund": "Remboursement (lead non livré)",
    "prepaid.kind.credit": "Avoir (retour ou geste)",
    "prepaid.top_up": "Recharger le solde",
    "prepaid.amount_eur": "Montant en euros HT",
    "prepaid.note_help": "Par exemple la référence du virement.",
    "prepaid.submit": "Recharger…",
    "prepaid.confirm": "Confirmer le rechargement de {amount} € HT pour « {name} » "
    "(référence : {note}) ?",
    "prepaid.confirm_yes": "Confirmer le rechargement",
    "prepaid.cancel": "Annuler",
    "prepaid.done": "Solde de « {name} » rechargé de {amount} € HT.",
    "prepaid.read_only": "Votre rôle permet de consulter les soldes, pas de les recharger.",
}

EN: Final[dict[str, str]] = {
    "nav.section.finance": "Finance",
    "nav.prepaid": "Prepaid balances",
    "prepaid.title": "Prepaid balances",
    "prepaid.intro": "Balances of prepaid buyers, in euros excl. VAT. Each sale draws the "
    "balance; a buyer whose balance cannot pay a lead's price receives no more leads.",
    "prepaid.none": "No prepaid buyer in your accounts.",
    "prepaid.buyer": "Buyer",
    "prepaid.balance": "Balance (€ excl. VAT)",
    "prepaid.updated_at": "Last movement",
    "prepaid.cycle_changed": "Billed “{cycle}”: this balance no longer pays for routing.",
    "prepaid.history": "Balance history",
    "prepaid.when": "Date",
    "prepaid.kind": "Movement",
    "prepaid.amount": "Amount (€ excl. VAT)",
    "prepaid.after": "Balance after (€ excl. VAT)",
    "prepaid.note": "Note / reference",
    "prepaid.delivery": "Delivery",
    "prepaid.kind.top_up": "Top-up",
    "prepaid.kind.sale": "Sale",
    "prepaid.kind.refund": "Refund (lead not delivered)",
    "prepaid.kind.credit": "Credit (return or gesture)",
    "prepaid.top_up": "Top up the balance",
    "prepaid.amount_eur": "Amount in euros excl. VAT",
    "prepaid.note_help": "For example the bank transfer's reference.",
    "prepaid.submit": "Top up…",
    "prepaid.confirm": "Confirm the top-up of €{amount} excl. VAT for “{name}” "
    "(reference: {note})?",
    "prepaid.confirm_yes": "Confirm the top-up",
    "prepaid.cancel": "Cancel",
    "prepaid.done": "“{name}” topped up by €{amount} excl. VAT.",
    "prepaid.read_only": "Your role may read the balances, not top them up.",
}
