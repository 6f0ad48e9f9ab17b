"""The French legal mentions every invoice and credit note carries (Code de commerce L441-9,
L441-10, D441-5; CGI art. 242 nonies A): both parties' names, SIREN, VAT numbers and
addresses (printed from the frozen parties), the due date, the late-payment penalty rate, the
40 € fixed recovery indemnity, and whether a discount applies for early payment. Each note
has its UNTDID 4451 subject code, as EN 16931 (BT-21) carries it."""

from __future__ import annotations

from hub.services.billing.model import KIND_CREDIT_NOTE, Document

PENALTIES = (
    "En cas de retard de paiement, pénalités exigibles dès le lendemain de l'échéance au taux "
    "d'intérêt appliqué par la Banque centrale européenne à son opération de refinancement la "
    "plus récente, majoré de 10 points (art. L441-10 du Code de commerce)."
)
INDEMNITY = (
    "Indemnité forfaitaire pour frais de recouvrement due en cas de retard de paiement : 40 € "
    "(art. L441-10 et D441-5 du Code de commerce)."
)
NO_DISCOUNT = "Pas d'escompte pour paiement anticipé."
PREPAID = "Facture acquittée : réglée par prépaiement."


def notes(doc: Document) -> list[tuple[str, str]]:
    """``(subject code, text)`` of the document's notes, in print order."""
    out: list[tuple[str, str]] = []
    if doc.draft.kind == KIND_CREDIT_NOTE and doc.refers_to_number:
        year, month, day = (doc.refers_to_date or "--").split("-")
        out.append(("AAI", f"Avoir sur la facture {doc.refers_to_number} du {day}/{month}/{year}."))
    if doc.draft.prepaid and doc.draft.kind != KIND_CREDIT_NOTE:
        out.append(("AAI", PREPAID))
    out += [("PMD", PENALTIES), ("PMT", INDEMNITY), ("AAB", NO_DISCOUNT)]
    return out
