"""The forms and LP pages' finer settings through the real app (Streamlit AppTest): a marketer
maps the page's own field names, names the buyers of the consent (a new version, listed with
the earlier ones) and sets an LP's A/B variant labels; a bad alias line is refused by name."""

from __future__ import annotations

import json
import sqlite3

import pytest

from hub.settings import Settings
from tests.integration.apptest import click, open_page, signed_in
from tests.integration.test_dashboard_admin import env, people

pytestmark = pytest.mark.integration

__all__ = ["env", "people"]  # fixtures used here


def test_a_marketer_sets_aliases_consent_buyers_and_variants(
    env: Settings, hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    at = open_page(signed_in("marketer@soleil-habitat.fr"), "forms.py")
    form_id = hub_con.execute("SELECT id FROM forms WHERE key = 'fm_solaire_demo'").fetchone()[0]
    at.selectbox(key="form_edit").select(form_id)
    at.run()
    prefix = f"form_{form_id}"
    at.text_area(key=f"{prefix}_fa").input("Mobile = fax")
    click(at, "Enregistrer")
    assert "field_aliases" in at.error[0].value
    at.text_area(key=f"{prefix}_fa").input("Mobile = phone\nTon prénom = first_name")
    at.multiselect(key=f"{prefix}_cb").select("buy_soleil_crm")
    click(at, "Enregistrer")
    assert not at.error, [e.value for e in at.error]
    row = hub_con.execute(
        "SELECT field_aliases, consent_version FROM forms WHERE id = ?", (form_id,)
    ).fetchone()
    assert json.loads(row[0]) == {"mobile": "phone", "ton_prenom": "first_name"}
    versions = [r[0] for r in hub_con.execute(
        "SELECT consent_version FROM consent_texts WHERE form_id = ? ORDER BY rowid", (form_id,)
    )]  # fmt: skip
    assert len(versions) == 2 and versions[-1] == row[1]  # the first version is kept
    named = hub_con.execute(
        "SELECT buyer_id FROM consent_buyers WHERE form_id = ? AND consent_version = ?",
        (form_id, row[1]),
    ).fetchall()
    assert [r[0] for r in named] == ["buy_soleil_crm"]

    open_page(at, "landing_pages.py")
    lp_id = hub_con.execute("SELECT id FROM landing_pages WHERE key = 'lp_solaire_demo'")
    at.selectbox(key="lp_edit").select(lp_id.fetchone()[0])
    at.run()
    [variants] = [t for t in at.text_input if t.label == "Variantes A/B"]
    variants.input("controle, video")
    click(at, "Enregistrer")
    got = hub_con.execute("SELECT variants FROM landing_pages WHERE key = 'lp_solaire_demo'")
    assert json.loads(got.fetchone()[0]) == ["controle", "video"]
