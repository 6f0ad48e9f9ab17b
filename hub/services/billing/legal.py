"""The French legal mentions every invoice and credit note carries (Code de commerce L441-9,
L441-10, D441-5; CGI art. 242 nonies A): both parties' names, SIREN, VAT numbers and
addresses (printed from the frozen parties), the due date, the late-payment penalty rate, the
40 € fixed recovery indemnity, and whether a discount applies for early payment. Each note
has its UNTDID 4451 subject code, as EN 16931 (BT-21) carries it. A party lacking a mention
blocks its documents (:func:`missing`): the close reports it and issues the others."""

from __future__ import annotations

from hub.services.billing.model import KIND_CREDIT_NOTE, Document, Party

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


def missing(party: Party, *, issuer: bool) -> list[str]:
    """The identity fields a document cannot be issued without: the issuer's SIREN, VAT
    number and address; the customer's SIREN and address (B2B mentions)."""
    needed = ("siren", "vat_number", "address") if issuer else ("siren", "address")
    return [name for name in needed if not getattr(party, name)]


class Incomplete(Exception):
    """A document cannot be issued: a party lacks a legal mention (``missing``: the party's
    id → its missing fields)."""

    def __init__(self, subject: str, missing: dict[str, list[str]]) -> None:
        super().__init__(f"{subject}: missing {missing}")
        self.subject = subject
        self.missing = missing


def require_mentions(subject: str, issuer: Party, customer: Party) -> None:
    gaps = {
        p.id: fields
        for p, fields in (
            (issuer, missing(issuer, issuer=True)),
            (customer, missing(customer, issuer=False)),
        )
        if fields
    }
    if gaps:
        raise Incomplete(subject, gaps)
