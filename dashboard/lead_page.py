"""One lead on the Leads page: its facts, consent record, timeline (the visit's events from the
published warehouse snapshot, then what the hub knows), the decision log in plain French, and
the actions the user's role allows, each confirmed before it runs.

Every read and action goes through the hub services as the signed-in user
(:mod:`hub.services.leads`, :mod:`hub.services.leadops`): they check the role and the tenant,
and log each change in its transaction. A refused action (409: already returned, window over,
nothing to requeue) is shown with its reason and changes nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from contextlib import closing
from datetime import datetime
from typing import Any, Final

import duckdb
import polars as pl
import streamlit as st

from dashboard import admin, auth, data, i18n, ui
from hub.calendar import PARIS
from hub.db import connect, utcnow
from hub.errors import ApiError
from hub.phones import national_of
from hub.services import leadops, leads
from hub.settings import Settings

PENDING: Final = "lead_pending_action"
REFUSED: Final = "lead_action_refused"
Op = Callable[[sqlite3.Connection, datetime], Mapping[str, Any]]


def when(value: object, lang: str) -> str:
    ts = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    fmt = "%d/%m/%Y %H:%M:%S" if i18n.normalize_lang(lang) == "fr" else "%Y-%m-%d %H:%M:%S"
    return ts.astimezone(PARIS).strftime(fmt)


def _euros(cents: object, lang: str) -> str:
    return i18n.fmt_money(int(str(cents or 0)) / 100, lang)


def _detail(e: Mapping[str, Any], lang: str) -> str:
    """One hub timeline entry in words (decisions in plain French: hub.rules.decision_text)."""
    t = i18n.translate
    kind = e["kind"]
    if kind == "submitted":
        source = e["source"] or "direct"
        return t(lang, "leads.ev.submitted", form=e["form_name"] or e["form_key"], source=source)
    if kind == "decision":
        if i18n.normalize_lang(lang) == "fr":
            return str(e["line_fr"])
        name = e["commande_name"] or e["commande_id"] or "—"
        return f"{name}: {e['outcome']} — {e['reason']}"
    if kind in ("sale", "delivered"):
        price = _euros(e["price_cents"], lang)
        return t(
            lang,
            f"leads.ev.{kind}",
            buyer=e["buyer_name"],
            commande=e["commande_name"],
            price=price,
        )
    if kind == "attempt":
        answer = f"HTTP {e['status_code']}" if e["status_code"] else t(lang, "leads.ev.no_answer")
        if e["error"]:
            answer += f" « {e['error']} »"
        outcome = t(lang, f"leads.outcome.{e['outcome']}")
        n, buyer = e["attempt_no"], e["buyer_name"]
        return t(lang, "leads.ev.attempt", n=n, buyer=buyer, answer=answer, outcome=outcome)
    if kind == "credit":
        amount = _euros(e["amount_cents"], lang)
        return t(lang, "leads.ev.credit", buyer=e["buyer_name"], amount=amount, reason=e["reason"])
    key = f"leads.action.{e['action']}"
    action = t(lang, key) if key in i18n.STRINGS["fr"] else e["action"]
    return t(lang, "leads.ev.action", action=action, actor=e["actor"])


def timeline_rows(lead: Mapping[str, Any], events: pl.DataFrame, lang: str) -> list[dict[str, str]]:
    """The visit's events then the hub's timeline, oldest first, as table rows."""
    t = i18n.translate
    steps: list[tuple[datetime, str, str]] = []
    for ev in events.iter_rows(named=True):
        at = ev["at"]
        if isinstance(at, datetime):
            steps.append((at, t(lang, "leads.kind.session"), f"{ev['type']} — {ev['url'] or ''}"))
    for e in lead["timeline"]:
        at = datetime.fromisoformat(e["at"])
        steps.append((at, t(lang, f"leads.kind.{e['kind']}"), _detail(e, lang)))
    steps.sort(key=lambda s: s[0])
    return [{"when": when(at, lang), "step": step, "what": what} for at, step, what in steps]


def _session(settings: Settings, user: auth.User, lead: Mapping[str, Any]) -> pl.DataFrame:
    """The visit's events, or a note saying why the hub's part alone is shown."""
    if not lead["session_id"]:
        st.caption(ui.t("leads.session.no_id"))
        return pl.DataFrame()
    if data.snapshot_info(settings.warehouse_db) is None:
        reason = ui.t("leads.session.no_snapshot")
        st.caption(ui.t("leads.session.unavailable", reason=reason))
        return pl.DataFrame()
    try:
        found = data.load_session_events(
            settings.warehouse_db, user.account_ids, lead["session_id"]
        )
    except (duckdb.Error, OSError) as exc:  # a broken snapshot must not hide the hub part
        st.caption(ui.t("leads.session.unavailable", reason=exc))
        return pl.DataFrame()
    if found.is_empty():
        st.caption(ui.t("leads.session.none"))
    return found


def show(settings: Settings, user: auth.User, lead: Mapping[str, Any]) -> None:
    """The lead's facts, consent, timeline and decision log, then its actions."""
    lang = ui.lang()
    name = f"{lead['first_name'] or ''} {lead['last_name'] or ''}".strip() or lead["id"]
    st.subheader(ui.t("leads.detail", name=name))
    phone = national_of(lead["phone"]) if lead["phone"] else "—"
    st.markdown(
        ui.t(
            "leads.facts",
            product=lead["product_code"],
            postal_code=lead["postal_code"] or "",
            city=lead["city"] or "",
            departement=lead["departement"] or "—",
            phone=phone,
            email=lead["email"] or "—",
        )
        + f" · **{ui.t('leads.status.' + lead['status'])}** · `{lead['id']}`"
    )
    if lead["is_test"]:
        st.info(ui.t("leads.is_test"))
    consent = lead["consent"]
    with st.expander(ui.t("leads.consent"), expanded=True):
        yes = ui.t("leads.yes") if consent["given"] else ui.t("leads.no")
        given_at = when(consent["at"], lang) if consent["at"] else "—"
        st.markdown(
            f"- {ui.t('leads.consent.given')} : **{yes}**\n"
            f"- {ui.t('leads.consent.version')} : `{consent['version'] or '—'}`\n"
            f"- {ui.t('leads.consent.at')} : {given_at}\n"
            f"- {ui.t('leads.consent.page')} : {consent['page_url'] or '—'}"
        )
        st.caption(f"{ui.t('leads.consent.text')} : {consent['text'] or '—'}")
    st.markdown(f"#### {ui.t('leads.timeline')}")
    events = _session(settings, user, lead)
    steps = timeline_rows(lead, events, lang)
    headers = {"when": "leads.col.when", "step": "leads.col.step", "what": "leads.col.what"}
    table = pl.DataFrame(steps, schema=list(headers)).rename(
        {k: ui.t(v) for k, v in headers.items()}
    )
    st.table(table, hide_index=True)  # a static table: long lines wrap
    st.markdown(f"#### {ui.t('leads.decisions')}")
    decisions = [e for e in lead["timeline"] if e["kind"] == "decision"]
    if not decisions:
        st.caption(ui.t("leads.no_decision"))
    for e in decisions:
        st.markdown(f"- {when(e['at'], lang)} — {_detail(e, lang)}")
    if user.actor.may("leads.operate"):
        actions(settings, user, lead)


def _ask(op: str, lead_id: str, **values: object) -> None:
    st.session_state[PENDING] = {"op": op, "lead": lead_id, **values}


def refusal(err: ApiError, lang: str, op: str = "") -> str:
    """A service's refusal in the page's language: the known conflicts in words (a requeue's or
    reroute's 409 ``conflict`` by its operation), else the message; then each bad field."""
    keys = (f"leads.refused.{err.code}.{op}", f"leads.refused.{err.code}")
    key = next((k for k in keys if k in i18n.STRINGS["fr"]), None)
    why = err.message if key is None else i18n.translate(lang, key)
    fr = i18n.normalize_lang(lang) == "fr"
    lines = [f"- **{f.field}** : {f.message_fr if fr else f.message_en}" for f in err.fields]
    return "\n".join([i18n.translate(lang, "leads.refused", message=why), *lines])


def _run(
    settings: Settings, op: Op, done: Callable[[Mapping[str, Any]], str], name: str = ""
) -> None:
    """Run a confirmed action; its message, or why it was refused, shows after the rerun."""
    st.session_state.pop(PENDING, None)
    try:
        with closing(connect(settings.hub_db)) as con:
            result = op(con, utcnow())
    except ApiError as err:
        st.session_state[REFUSED] = refusal(err, ui.lang(), name)
    else:
        st.session_state[admin.FLASH_KEY] = (done(result), None)
    st.rerun()


def actions(settings: Settings, user: auth.User, lead: Mapping[str, Any]) -> None:
    """Requeue, reroute, return (with a reason) and the test mark — each asks to confirm."""
    actor, lead_id, lang = user.actor, str(lead["id"]), ui.lang()
    st.markdown(f"#### {ui.t('leads.actions')}")
    refused = st.session_state.pop(REFUSED, None)
    if refused:
        st.error(refused)
    left, middle, right = st.columns(3)
    if left.button(ui.t("leads.requeue"), key="lead_requeue"):
        _ask("requeue", lead_id)
    if middle.button(ui.t("leads.reroute"), key="lead_reroute"):
        _ask("reroute", lead_id)
    test_op = "untest" if lead["is_test"] else "test"
    if right.button(
        ui.t("leads.unmark_test" if lead["is_test"] else "leads.mark_test"), key="lead_test"
    ):
        _ask(test_op, lead_id)
    sold = {
        d["buyer_id"]: d["buyer_name"]
        for d in lead["deliveries"]
        if d["status"] == "delivered" and not d["returned"]
    }
    if sold:
        with st.form("lead_return"):
            buyer = st.selectbox(
                ui.t("leads.return.buyer"),
                list(sold),
                format_func=sold.__getitem__,
                key="lead_return_buyer",
            )
            reason = st.text_input(ui.t("leads.return.reason"), key="lead_return_reason")
            if st.form_submit_button(ui.t("leads.return")):
                _ask("return", lead_id, buyer=buyer, buyer_name=sold.get(str(buyer)), reason=reason)
    pending = st.session_state.get(PENDING)
    if not isinstance(pending, dict) or pending.get("lead") != lead_id:
        return
    op = str(pending["op"])
    words = {"buyer": pending.get("buyer_name"), "reason": pending.get("reason")}
    st.warning(ui.t(f"leads.confirm.{op}", **words))
    yes, no = st.columns(2)
    if no.button(ui.t("leads.cancel"), key="lead_cancel"):
        st.session_state.pop(PENDING, None)
        st.rerun()
    if not yes.button(ui.t("leads.confirm"), key="lead_confirm", type="primary"):
        return
    if op in ("requeue", "reroute"):
        _run(
            settings,
            lambda con, now: leadops.lead_op(con, actor, lead_id, op, now),
            lambda _: ui.t(f"leads.done.{op}"),
            op,
        )
    elif op == "return":
        buyer_id, why = str(pending["buyer"]), pending.get("reason")
        _run(
            settings,
            lambda con, now: leadops.return_lead(con, actor, lead_id, why, now, buyer_id),
            lambda r: ui.t(
                "leads.done.return",
                buyer=words["buyer"],
                amount=_euros(r["credit"]["amount_cents"], lang),
            ),
        )
    else:
        flag = op == "test"
        _run(
            settings,
            lambda con, now: leads.set_test(con, actor, lead_id, flag, now),
            lambda _: ui.t(f"leads.done.{op}"),
        )
