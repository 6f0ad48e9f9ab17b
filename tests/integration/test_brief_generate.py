"""The brief of a seeded LP, outside test mode: every URL and snippet, no secret, no placeholder."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hub.brief import BriefError, render_html, render_markdown
from hub.db import transaction
from hub.settings import Settings, load_settings
from leadhub.cli import app
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration
COLLECTOR = "https://collecte.soleil-habitat.fr"
LP_URL = "https://www.soleil-habitat.fr/solaire/"
FORM_URL = "https://devis.soleil-habitat.fr/solaire/formulaire/"


@pytest.fixture
def prod(settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> Settings:
    """The demo world moved to public domains, with production settings."""
    with transaction(hub_con):
        hub_con.execute("UPDATE landing_pages SET url = ? WHERE key = 'lp_solaire_demo'", (LP_URL,))
        hub_con.execute(
            "UPDATE forms SET url = ?, thank_you_url = ? WHERE key = 'fm_solaire_demo'",
            (FORM_URL, "https://devis.soleil-habitat.fr/solaire/merci/"),
        )
        hub_con.execute(
            "UPDATE links SET target_url = ? WHERE link_key = 'lk_solaire_demo'", (FORM_URL,)
        )
        hub_con.execute("UPDATE buyers SET webhook_url = 'https://crm.acheteur.fr/api/leads'")
        hub_con.execute("DELETE FROM allowed_origins")
        hub_con.execute(
            "INSERT INTO allowed_origins VALUES ('acc_soleil', 'https://www.soleil-habitat.fr')"
        )
    return load_settings(
        data_dir=settings.data_dir, allow_private_network=False, public_url=COLLECTOR
    )


def secrets_of(settings: Settings, con: sqlite3.Connection, world: DemoWorld) -> list[str]:
    hashes = [r[0] for r in con.execute("SELECT password_hash FROM users")]
    hashes += [r[0] for r in con.execute("SELECT key_hash FROM api_keys")]
    hashes += [r[0] for r in con.execute("SELECT secret_enc FROM buyers")]
    secret_key = (settings.data_dir / "secret.key").read_text().strip()
    return [world.api_key, world.buyers[0]["secret"], "demo-password", secret_key, *hashes]


def test_markdown_brief_has_every_url_and_snippet(
    prod: Settings, hub_con: sqlite3.Connection
) -> None:
    text = render_markdown(hub_con, prod, "lp_solaire_demo")
    assert text.startswith("# Brief d'intégration — LP Panneaux solaires\n")
    for url in (
        LP_URL,
        FORM_URL,
        "https://devis.soleil-habitat.fr/solaire/merci/",
        f"{COLLECTOR}/t.js",
        f"{COLLECTOR}/v1/events",
        f"{COLLECTOR}/v1/p.gif",
        f"{COLLECTOR}/v1/leads",
        f"{COLLECTOR}/v1/forms/fm_solaire_demo/config",
        f"{COLLECTOR}/r/lk_solaire_demo",
        f"{COLLECTOR}/v1/verify?url=https%3A//www.soleil-habitat.fr/solaire/",
        f"{COLLECTOR}/schema",
    ):
        assert url in text, url
    # direct script, GTM tag, form page script, no-JS form, redirect link
    config = f'"key": "lp_solaire_demo", "endpoint": "{COLLECTOR}", "form_url": "{FORM_URL}"'
    assert f"lh('init',{{{config}}})" in text
    assert "d.createElement('script')" in text
    assert '"key": "fm_solaire_demo"' in text
    assert f'<form method="post" action="{COLLECTOR}/v1/leads" data-lh-lead>' in text
    assert '<input type="hidden" name="form_key" value="fm_solaire_demo">' in text
    assert f'<a href="{COLLECTOR}/r/lk_solaire_demo">' in text
    for stat in (
        "Visites",
        "Visiteurs uniques",
        "Clics CTA",
        "Débuts de formulaire",
        "Leads vendus",
        "Chiffre d'affaires",
        "Dernier événement",
        "Événements par heure",
        "Taux de quarantaine",
    ):
        assert f"| {stat} |" in text, stat
    assert f"`leadhub verify {LP_URL}`" in text and f"`leadhub verify {FORM_URL}`" in text
    assert "https://www.soleil-habitat.fr : ✅ autorisée" in text
    assert "https://devis.soleil-habitat.fr : ❌ à ajouter" in text
    for verdict in ("arrived", "unknown_key", "inactive_key", "blocked_origin", "nothing_received"):
        assert f"| `{verdict}` |" in text


def test_brief_holds_no_secret_and_no_placeholder(
    prod: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    markdown = render_markdown(hub_con, prod, "lp_solaire_demo")
    html = render_html(hub_con, prod, "lp_solaire_demo")
    for text in (markdown, html):
        for secret in secrets_of(prod, hub_con, world):
            assert secret not in text
        assert not re.search(r"lh_[A-Za-z0-9_-]{20,}|whsec_|argon2", text)
        assert not re.search(r"example\.|localhost|127\.0\.0\.1|:8900|\{\{|\}\}|TODO|XXX", text)
        assert "crm.acheteur.fr" not in text  # no buyer webhook URL


def test_html_brief_escapes_hub_values(prod: Settings, hub_con: sqlite3.Connection) -> None:
    with transaction(hub_con):
        hub_con.execute("UPDATE landing_pages SET name = 'LP <img src=x onerror=alert(1)> *promo*'")
    html = render_html(hub_con, prod, "lp_solaire_demo")
    assert html.startswith("<!doctype html>") and "<table>" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt; *promo*" in html
    assert '<pre><code class="language-html">&lt;script&gt;window.lh=' in html
    assert "<script" not in html  # snippets are shown, never run


def test_placeholders_are_refused(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    no_public_url = load_settings(data_dir=settings.data_dir, allow_private_network=False)
    with pytest.raises(BriefError, match="LEADHUB_PUBLIC_URL is not set"):
        render_markdown(hub_con, no_public_url, "lp_solaire_demo")
    public = load_settings(
        data_dir=settings.data_dir, allow_private_network=False, public_url=COLLECTOR
    )
    with pytest.raises(BriefError, match=r"http://127\.0\.0\.1:8101/solaire/"):
        render_markdown(hub_con, public, "lp_solaire_demo")  # the seeded LP URLs are loopback
    with pytest.raises(BriefError, match="no landing page with key 'lp_nope'"):
        render_markdown(hub_con, settings, "lp_nope")
    assert "http://127.0.0.1:8101/solaire/" in render_markdown(hub_con, settings, "lp_solaire_demo")


def test_cli_brief(prod: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(prod.data_dir))
    monkeypatch.setenv("LEADHUB_PUBLIC_URL", COLLECTOR)
    monkeypatch.setenv("LEADHUB_ALLOW_PRIVATE_NETWORK", "0")
    out = tmp_path / "brief.html"
    runner = CliRunner()
    result = runner.invoke(app, ["brief", "lp_solaire_demo", "--html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    markdown = runner.invoke(app, ["brief", "lp_solaire_demo"])
    assert markdown.exit_code == 0 and markdown.output.startswith("# Brief d'intégration")
    refused = runner.invoke(app, ["brief", "lp_pac_demo"])  # still on loopback URLs
    assert refused.exit_code == 2 and "placeholder or non-public URL" in refused.output


def test_brief_names_only_real_keys_and_says_ids_cross_domains_with_consent(
    prod: Settings, hub_con: sqlite3.Connection
) -> None:
    text = render_markdown(hub_con, prod, "lp_solaire_demo")
    assert "(clé de landing page `lp_solaire_demo`, clé de formulaire `fm_solaire_demo`)" in text
    keys = {
        r[0] for r in hub_con.execute("SELECT key FROM landing_pages UNION SELECT key FROM forms")
    }
    named = set(re.findall(r"`((?:lp|fm|form)_[^`]*)`", text))
    assert named and named <= keys, named - keys
    # Ids and campaign reach the form only with the visitor's consent (decision 0034).
    assert "**rien n'est transmis au formulaire**" in text
    assert "`lh('consent', true)`" in text and "`lh_c=1`" in text
