"""The human-readable page of a document (fpdf2, fonts embedded: DejaVu Serif, shipped in
``fonts/`` with its licence; the sRGB output intent PDF/A asks for), in French: issuer and
customer with their legal identity, the lines, HT / TVA / TTC, the due date and the legal
mentions. :mod:`.facturx` makes it PDF/A-3 with the XML embedded."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import OutputIntentSubType, XPos, YPos
from fpdf.output import PDFICCProfile

from hub.services.billing import legal
from hub.services.billing.amounts import euros_fr
from hub.services.billing.documents.cii import terms
from hub.services.billing.model import KIND_CREDIT_NOTE, Document, Party

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSerif"
KIND_LABEL = {"invoice": "FACTURE", "credit_note": "AVOIR"}


@cache
def _srgb() -> bytes:
    """The sRGB ICC profile fpdf2 ships: the PDF/A output intent of every page colour."""
    return resources.files("fpdf").joinpath("data/color_profiles/sRGB2014.icc").read_bytes()


def _fr(iso_date: str | None) -> str:
    """``2026-12-03`` → ``03/12/2026``."""
    year, month, day = (iso_date or "--").split("-")
    return f"{day}/{month}/{year}"


def _party_lines(title: str, party: Party) -> list[str]:
    lines = [title, party.display_name]
    if party.legal_name and party.legal_name != party.name:
        lines.append(f"({party.name})")
    lines.append(party.address or "Adresse : non renseignée")
    lines.append(f"SIREN : {party.siren or 'non renseigné'}")
    lines.append(f"N° TVA : {party.vat_number or 'non renseigné'}")
    return lines


def _block(pdf: FPDF, x: float, y: float, lines: list[str]) -> float:
    pdf.set_xy(x, y)
    for i, text in enumerate(lines):
        pdf.set_font(FONT, "B" if i < 2 else "", 10)
        pdf.set_x(x)
        pdf.multi_cell(85, 5, text, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
    return pdf.get_y()


def visual_pdf(doc: Document) -> bytes:
    d = doc.draft
    pdf = FPDF(format="A4")
    pdf.set_title(f"{KIND_LABEL[d.kind]} {doc.number}")
    pdf.set_lang("fr-FR")
    pdf.add_output_intent(
        OutputIntentSubType.PDFA,
        "sRGB",
        "IEC 61966-2-1:1999",
        "http://www.color.org",
        PDFICCProfile(contents=_srgb(), n=3, alternate="DeviceRGB"),
        "sRGB2014 (v2)",
    )
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSerif.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSerif-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.cell(0, 10, f"{KIND_LABEL[d.kind]} N° {doc.number}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 10)
    head = [
        f"Date d'émission : {_fr(doc.issue_date)}",
        f"Période : {d.period} (du {_fr(d.period_start)} au {_fr(d.period_end)})",
    ]
    if d.kind == KIND_CREDIT_NOTE and doc.refers_to_number:
        head.append(f"Avoir sur la facture N° {doc.refers_to_number} du {_fr(doc.refers_to_date)}")
    for text in head:
        pdf.cell(0, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    top = pdf.get_y() + 4
    bottom = max(
        _block(pdf, 10, top, _party_lines("Émetteur", d.seller)),
        _block(pdf, 110, top, _party_lines("Client", d.buyer)),
    )
    pdf.set_xy(10, bottom + 6)
    pdf.set_font(FONT, "", 9)
    with pdf.table(
        col_widths=(90, 20, 40, 40), text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT")
    ) as t:
        t.row(["Désignation", "Qté", "Prix unitaire HT", "Montant HT"])
        for line in d.lines:
            t.row(
                [
                    line.label,
                    str(line.quantity),
                    euros_fr(line.unit_price_cents),
                    euros_fr(line.amount_cents),
                ]
            )
    tot = doc.totals
    pdf.ln(4)
    pdf.set_font(FONT, "", 10)
    for label, cents, bold in (
        ("Total HT", tot.ht, False),
        (f"TVA {tot.rate_bp // 100} %", tot.vat, False),
        ("Total TTC", tot.ttc, True),
    ):
        pdf.set_font(FONT, "B" if bold else "", 10)
        pdf.cell(150, 6, label, align="R")
        pdf.cell(40, 6, euros_fr(cents), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(0, 5, terms(doc), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 8)
    for _code, text in legal.notes(doc):
        pdf.multi_cell(0, 4, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
