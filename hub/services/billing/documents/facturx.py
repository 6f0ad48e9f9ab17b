"""The Factur-X PDF of a document: the visual PDF (:mod:`.pdf`) made PDF/A-3 with its CII XML
embedded as ``factur-x.xml`` by the maintained ``factur-x`` library, which first checks the XML
against the Factur-X EN16931 XSD (an invalid document is never issued); and the reverse, for
tests and readers: the XML extracted back from a PDF, checked again."""

from __future__ import annotations

from typing import Any

import facturx

from hub.services.billing.documents.cii import cii_xml
from hub.services.billing.documents.pdf import visual_pdf
from hub.services.billing.model import Document

LEVEL = "en16931"


def facturx_pdf(doc: Document) -> bytes:
    xml = cii_xml(doc)
    kind = "Avoir" if doc.draft.kind == "credit_note" else "Facture"
    seller = doc.draft.seller.display_name
    metadata = {
        "author": seller,
        "keywords": "Factur-X, EN 16931",
        "title": f"{seller} : {kind} {doc.number}",
        "subject": f"{kind} {doc.number} du {doc.issue_date}, {doc.draft.buyer.display_name}",
    }
    out: Any = facturx.generate_from_binary(
        visual_pdf(doc),
        xml,
        flavor="factur-x",
        level=LEVEL,
        check_xsd=True,
        pdf_metadata=metadata,
        lang="fr-FR",
    )
    return bytes(out)


def xml_from_pdf(pdf: bytes) -> bytes:
    """The embedded CII XML of a Factur-X PDF, checked against the XSD (raises otherwise)."""
    _name, xml = facturx.get_facturx_xml_from_pdf(pdf, check_xsd=True)
    return bytes(xml)
