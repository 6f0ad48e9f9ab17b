"""Duplicate a landing page with its forms: a new LP (new key, name « <name> (copie) » or the one
given) in the same account, with the same URL, product and A/B variant labels, and a copy of
each of its active forms (new key, same fields and field aliases, the current consent text and
the buyers it names as a new ``v1``: each lead keeps the version of the form it was posted to).
Redirect links are not copied (their keys are printed on ads). One transaction, in the activity
log: ``lp.duplicated`` and one ``form.created`` per form.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hub.db import iso, new_id, sql, transaction
from hub.services.actor import Actor, log_change
from hub.services.catalogue.common import allow, new_key
from hub.services.catalogue.consent import record_version
from hub.services.catalogue.forms import get_form, list_forms
from hub.services.catalogue.landing_pages import get_lp
from hub.services.fields import Fields

COPY_SUFFIX = " (copie)"


def duplicate_lp(
    con: sqlite3.Connection,
    actor: Actor,
    lp_id: str,
    payload: Mapping[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """``{"landing_page": the new LP, "forms": its new forms}``; ``payload``: name (optional)."""
    actor.require("catalogue.write")
    source = get_lp(con, actor, lp_id)
    f = Fields(payload, ("name",))
    name = f.text("name") or (source["name"][: 200 - len(COPY_SUFFIX)] + COPY_SUFFIX)
    f.check()
    forms = [
        form for form in list_forms(con, actor, 0, 10**6, lp_id=lp_id)["items"] if form["active"]
    ]
    account_id = source["account_id"]
    with transaction(con):  # keys are taken inside it: no two copies get the same one
        new_lp = {
            "id": new_id("lp"),
            "key": new_key(con, "lp", name),
            "account_id": account_id,
            "name": name,
            "url": source["url"],
            "product_code": source["product_code"],
            "variants": source["variants"],
            "created_at": iso(now),
        }
        con.execute(sql("lp_insert"), {**new_lp, "variants": json.dumps(new_lp["variants"])})
        copies = [_copy_form(con, actor, form, new_lp["id"], now) for form in forms]
        pairs = dict(zip((form["id"] for form in forms), copies, strict=True))
        detail = {**new_lp, "from": lp_id, "forms": pairs}
        log_change(con, actor, "lp.duplicated", new_lp["id"], account_id, detail, now)
        urls = [new_lp["url"], *(u for fm in forms for u in (fm["url"], fm["thank_you_url"]))]
        allow(con, actor, account_id, urls, now)
    return {
        "landing_page": get_lp(con, actor, new_lp["id"]),
        "forms": [get_form(con, actor, form_id) for form_id in copies],
    }


def _copy_form(
    con: sqlite3.Connection, actor: Actor, form: dict[str, Any], lp_id: str, now: datetime
) -> str:
    row = {
        **{k: form[k] for k in ("account_id", "name", "url", "thank_you_url", "product_code")},
        "id": new_id("frm"),
        "key": new_key(con, "form", form["name"]),
        "lp_id": lp_id,
        "consent_version": "v1",
        "consent_text": form["consent_text"],
        "required_fields": json.dumps(form["required_fields"]),
        "field_aliases": json.dumps(form["field_aliases"], ensure_ascii=False),
        "created_at": iso(now),
    }
    con.execute(sql("form_insert"), row)
    buyers = list(form["consent_buyers"])
    record_version(con, row["id"], "v1", form["consent_text"], buyers, now)
    detail = {**row, "consent_buyers": buyers, "from": form["id"]}
    log_change(con, actor, "form.created", row["id"], form["account_id"], detail, now)
    return str(row["id"])
