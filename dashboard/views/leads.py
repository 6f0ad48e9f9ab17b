"""Operations — Leads: search by phone, e-mail or name (in part, normalised) and filters
(status, source, campaign, LP, form, buyer, département, dates, test), the results, and one
lead's page (:mod:`dashboard.lead_page`): timeline, decision log in plain French, consent, and
the actions the role allows (ops: requeue, reroute, return, test mark), each confirmed.

Reads and actions go through :mod:`hub.services.leads` as the signed-in user (tenant scope,
``leads.read`` / ``leads.operate``); nothing is cached (a change shows at once).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import admin, i18n, lead_page, ui
from hub.phones import national_of
from hub.services import buyers, catalogue, leads
from hub.services.lead_filters import STATUSES

PER_PAGE = 50

settings = ui.get_settings()
user = admin.require(settings, "leads.read")
actor = user.actor
lang = ui.lang()
st.title(ui.t("leads.title"))
admin.flash()


def choices(rows: list[dict[str, Any]], label: str = "name") -> dict[str, str]:
    """Id → "name" for a selectbox, "" first (no filter)."""
    return {"": ui.t("leads.any"), **{str(r["id"]): str(r.get(label) or r["id"]) for r in rows}}


def listed(op: Any, permission: str) -> list[dict[str, Any]]:
    return admin.items(admin.call(settings, op)) if actor.may(permission) else []


lps = choices(listed(lambda con: catalogue.list_lps(con, actor, 0, 1000), "catalogue.read"))
forms = choices(listed(lambda con: catalogue.list_forms(con, actor, 0, 1000), "catalogue.read"))
sold_to = choices(listed(lambda con: buyers.list_buyers(con, actor, 0, 1000), "buyers.read"))
statuses = {"": ui.t("leads.any"), **{s: ui.t(f"leads.status.{s}") for s in STATUSES}}
tests = {"": "leads.test.all", "false": "leads.test.exclude", "true": "leads.test.only"}

filters: dict[str, str] = {"q": st.text_input(ui.t("leads.search"), key="leads_q")}
cols = st.columns(4)
filters["status"] = cols[0].selectbox(
    ui.t("leads.status"), list(statuses), format_func=statuses.__getitem__, key="leads_status"
)
filters["lp"] = cols[1].selectbox(
    ui.t("leads.lp"), list(lps), format_func=lps.__getitem__, key="leads_lp"
)
filters["form"] = cols[2].selectbox(
    ui.t("leads.form"), list(forms), format_func=forms.__getitem__, key="leads_form"
)
filters["buyer"] = cols[3].selectbox(
    ui.t("leads.buyer"), list(sold_to), format_func=sold_to.__getitem__, key="leads_buyer"
)
cols = st.columns(4)
filters["source"] = cols[0].text_input(ui.t("leads.source"), key="leads_source")
filters["campaign"] = cols[1].text_input(ui.t("leads.campaign"), key="leads_campaign")
filters["departement"] = cols[2].text_input(ui.t("leads.departement"), key="leads_dep")
filters["is_test"] = cols[3].selectbox(
    ui.t("leads.test"), list(tests), format_func=lambda k: ui.t(tests[k]), key="leads_test"
)
picked = st.date_input(
    ui.t("leads.dates"), value=[], format=i18n.date_format(lang), key="leads_dates"
)
if isinstance(picked, tuple | list) and picked:
    start, end = ui.picked_range(picked, (picked[0], picked[-1]))
    filters["since"], filters["until"] = start.isoformat(), end.isoformat()
number = int(st.number_input(ui.t("leads.page"), min_value=1, value=1, key="leads_page"))
given = {k: v.strip() for k, v in filters.items() if isinstance(v, str) and v.strip()}

found = admin.call(
    settings, lambda con: leads.list_leads(con, actor, given, (number - 1) * PER_PAGE, PER_PAGE)
)
if found is None:
    st.stop()
st.caption(ui.t("leads.total", n=found["total"]))
rows = [
    {
        "id": item["id"],
        "created": lead_page.when(item["created_at"], lang),
        "name": f"{item['first_name'] or ''} {item['last_name'] or ''}".strip(),
        "phone": national_of(item["phone"]) if item["phone"] else "",
        "email": item["email"] or "",
        "status": ui.t(f"leads.status.{item['status']}"),
        "departement": item["departement"] or "",
        "source": item["source"] or "",
        "campaign": item["utm_campaign"] or "",
        "form": item["form_key"],
        "test": item["is_test"],
    }
    for item in found["items"]
]
admin.table(
    rows,
    {
        "created": "leads.col.created",
        "name": "leads.col.name",
        "phone": "leads.col.phone",
        "email": "leads.col.email",
        "status": "leads.col.status",
        "departement": "leads.col.departement",
        "source": "leads.col.source",
        "campaign": "leads.col.campaign",
        "form": "leads.col.form",
        "test": "leads.col.test",
        "id": "leads.col.id",
    },
)
# ?lead=ID opens that lead (a link from another page, or this page reloaded): the service
# still checks it is in the user's accounts.
linked = st.query_params.get("lead")
by_id = {r["id"]: r for r in rows}
picks = [*([linked] if linked and linked not in by_id else []), *by_id]
if not picks:
    st.stop()


def label(i: str) -> str:
    row = by_id.get(i)
    return f"{row['name'] or i} · {row['phone']} · {row['created']}" if row else i


chosen = st.selectbox(
    ui.t("leads.pick"),
    picks,
    index=picks.index(linked) if linked in picks else 0,
    format_func=label,
    key="lead_pick",
)
if chosen is None:
    st.stop()
st.query_params["lead"] = str(chosen)
lead = admin.call(settings, lambda con: leads.get_lead(con, actor, str(chosen)))
if lead is not None:
    st.divider()
    lead_page.show(settings, user, lead)
