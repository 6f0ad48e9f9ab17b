"""Pure parts of the commandes editor: the preview in words (French and English, signed money
in the French format), the calendar in words, and what a PATCH of an edited commande sends."""

from __future__ import annotations

from typing import Any

from dashboard.commandes_form import calendar_text, changes
from dashboard.commandes_preview import sentences, signed_int, signed_money
from hub.services.simulate import summarize

NNBSP = "\u202f"


def preview(target: str, counts: dict[str, dict[str, int]]) -> dict[str, Any]:
    names = {"cmd_a": "PV Sud", "cmd_b": "PV Nord", "cmd_c": "PAC IDF"}
    return {"commande_id": target, "summary": summarize(counts, names)}


def c(actual: int, simulated: int, price: int, new_price: int | None = None) -> dict[str, int]:
    return {
        "actual": actual,
        "simulated": simulated,
        "actual_cents": actual * price,
        "simulated_cents": simulated * (new_price or price),
    }


def test_signed_figures_in_french_and_english() -> None:
    assert signed_money(147000, "fr") == f"+1{NNBSP}470,00 € HT"
    assert signed_money(-42050, "fr") == "-420,50 € HT"
    assert signed_money(0, "fr") == "0,00 € HT"
    assert signed_money(147000, "en") == "+€1,470.00 excl. VAT"
    assert signed_int(42, "fr") == "+42" and signed_int(-1200, "fr") == f"-1{NNBSP}200"
    assert signed_int(0, "en") == "0"


def test_the_preview_names_this_commande_then_who_gains_and_who_loses() -> None:
    result = preview(
        "cmd_a",
        {"cmd_a": c(0, 42, 3500), "cmd_b": c(30, 18, 3000), "cmd_c": c(5, 5, 4000)},
    )
    assert sentences(result, "fr") == [
        f"Avec ces réglages : +30 leads vendus, +1{NNBSP}110,00 € HT.",
        f"Cette commande : 0 → 42 leads (+1{NNBSP}470,00 € HT).",
        "« PV Nord » perd 12 lead(s) (-360,00 € HT).",
    ]
    assert sentences(result, "en")[2] == "“PV Nord” loses 12 lead(s) (-€360.00 excl. VAT)."


def test_one_lead_a_gain_elsewhere_a_price_only_change_and_no_change() -> None:
    gain = preview("cmd_a", {"cmd_a": c(3, 1, 3000), "cmd_b": c(0, 1, 2000)})
    assert sentences(gain, "fr")[0] == "Avec ces réglages : -1 lead vendu, -40,00 € HT."
    assert sentences(gain, "fr")[2] == "« PV Nord » gagne 1 lead(s) (+20,00 € HT)."
    price = preview("cmd_a", {"cmd_b": c(4, 4, 3000, 3500)})
    assert sentences(price, "fr")[1] == "« PV Nord » : mêmes leads, +20,00 € HT."
    same = preview("cmd_a", {"cmd_a": c(4, 4, 3000)})
    assert sentences(same, "fr") == [
        "Avec ces réglages : mêmes ventes et même chiffre d'affaires sur la période.",
        "Cette commande : 4 → 4 leads (0,00 € HT).",
    ]


def test_the_calendar_in_words() -> None:
    base: dict[str, Any] = {"delivery_days": [1, 2, 3, 4, 5, 6, 7], "closed_dates": []}
    assert calendar_text(base, "fr") == "tous les jours"
    week = {
        "delivery_days": [1, 2, 3, 4, 5],
        "hours_from": "09:00",
        "hours_to": "18:30",
        "closed_on_holidays": True,
        "closed_dates": ["2026-12-24", "2026-12-31"],
    }
    assert calendar_text(week, "fr") == (
        "lundi–vendredi, 09:00–18:30, fermée les jours fériés, 2 date(s) fermée(s)"
    )
    odd = {"delivery_days": [1, 2, 4, 6, 7], "closed_dates": []}
    assert calendar_text(odd, "fr") == "lundi, mardi, jeudi, samedi, dimanche"
    assert calendar_text({"delivery_days": [3, 4, 5], "closed_dates": []}, "en") == (
        "Wednesday–Friday"
    )


def test_an_edit_sends_only_the_fields_that_changed() -> None:
    current = {
        "name": "PV Sud",
        "departements": ["13", "83"],
        "daily_cap": 10,
        "weekly_cap": None,
        "delivery_days": [1, 2, 3],
        "closed_dates": [],
        "hours_from": None,
        "active": True,
    }
    edited = {
        **current,
        "departements": ["83", "13 "],
        "daily_cap": 2,
        "delivery_days": [1, 2, 3],
        "hours_from": "08:00",
    }
    assert changes(current, edited) == {"daily_cap": 2, "hours_from": "08:00"}
    assert changes(current, dict(current)) == {}
