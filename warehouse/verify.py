"""The installation check: did a test event from this page (or key) arrive, and if not, why.

Verdicts: ``arrived``; ``unknown_key``, ``inactive_key``, ``blocked_origin``, ``bot`` or
``rejected`` (another reason) when the page's events are in the quarantine; otherwise
``nothing_received``, with hints (the key used on other pages, the install checklist). Each
verdict comes with a French and an English message. Used by ``leadhub verify URL``,
``GET /v1/verify?url=`` (ingest/verify_api.py), the dashboard and the brief's checklist.

Tenancy: with ``account_ids``, only that account's LPs and forms can be checked (404
otherwise); quarantined events of an unknown key have no account and are shown for the URL of
the caller's own page.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from hub.calendar import PARIS
from hub.settings import Settings
from warehouse.lakeview import Target, lake_window, load_targets, norm_url, under_url


@dataclass(frozen=True, slots=True)
class Hint:
    fr: str
    en: str


# verdict or hint → (French, English) text with {placeholders}
TEXT: dict[str, tuple[str, str]] = {
    "arrived": (
        "Reçu : {n} événement(s) de cette page, le dernier le {at} ({type}).",
        "Arrived: {n} event(s) from this page, the last on {at} ({type}).",
    ),
    "unknown_key": (
        "Clé inconnue : la page envoie la clé « {sent} », qui n'existe pas. "
        "Mettez « {expected} » dans le snippet.",
        "Unknown key: the page sends key '{sent}', which does not exist. "
        "Put '{expected}' in the snippet.",
    ),
    "inactive_key": (
        "Clé désactivée : « {sent} » est désactivée dans le hub ; réactivez-la.",
        "Inactive key: '{sent}' is deactivated in the hub; reactivate it.",
    ),
    "blocked_origin": (
        "Origine bloquée : {origin} n'est pas autorisée pour ce compte (autorisées : "
        "{allowed}). Ajoutez-la aux origines autorisées.",
        "Blocked origin: {origin} is not allowed for this account (allowed: {allowed}). "
        "Add it to the allowed origins.",
    ),
    "bot": (
        "Trafic classé robot : marquez vos tests comme trafic de test "
        "(lh('init', {{test: true}}) ou ?lh_test=1).",
        "Traffic classed as a bot: mark your tests as test traffic "
        "(lh('init', {{test: true}}) or ?lh_test=1).",
    ),
    "rejected": ("Événements refusés (raison : {reason}).", "Events refused (reason: {reason})."),
    "nothing_received": (
        "Rien reçu de cette page depuis {minutes} min.",
        "Nothing received from this page in the last {minutes} min.",
    ),
    "also_quarantined": (
        "{n} autre(s) événement(s) de cette page refusé(s) : {reasons}.",
        "{n} other event(s) from this page refused: {reasons}.",
    ),
    "other_pages": (
        "La clé « {key} » envoie pourtant des événements depuis {page} : le snippet est-il "
        "bien sur cette page ?",
        "Key '{key}' does send events from {page}: is the snippet on this page?",
    ),
    "install": (
        "Vérifiez que le snippet (ou la balise GTM publiée) est dans la page, que la console "
        "du navigateur ne montre pas d'erreur vers {endpoint}, puis rechargez avec ?lh_test=1.",
        "Check that the snippet (or the published GTM tag) is in the page and that the browser "
        "console shows no error towards {endpoint}, then reload with ?lh_test=1.",
    ),
    "not_registered": (
        "Cette URL n'est celle d'aucune landing page ni d'aucun formulaire enregistré.",
        "This URL belongs to no registered landing page or form.",
    ),
    "inactive_target": (
        "« {name} » ({key}) est désactivé(e) : ses événements sont refusés.",
        "'{name}' ({key}) is inactive: its events are refused.",
    ),
    "lag": (
        "Les événements des {s} dernières secondes ne sont peut-être pas encore visibles.",
        "Events of the last {s} seconds may not be visible yet.",
    ),
    "skipped": (
        "{n} fichier(s) illisible(s) du lac ignoré(s).",
        "{n} unreadable lake file(s) skipped.",
    ),
}


def text(which: str, **values: object) -> Hint:
    fr, en = TEXT[which]
    return Hint(fr.format(**values), en.format(**values))


def reason_class(reason: str) -> str:
    """Verdict for a quarantine reason (``key:unknown`` or ``unknown_key`` style)."""
    r = reason.lower()
    if "origin" in r:
        return "blocked_origin"
    if r in ("key:unknown", "unknown_key"):
        return "unknown_key"
    if r in ("key:inactive", "inactive_key"):
        return "inactive_key"
    return "bot" if r.startswith("bot") else "rejected"


def _paris(ts: datetime) -> str:
    return ts.astimezone(PARIS).strftime("%d/%m/%Y %H:%M:%S")


def _origin(url: str | None) -> str:
    match = re.match(r"(https?://[^/?#]+)", url or "", re.IGNORECASE)
    return match.group(1).lower() if match else "?"


def explain(
    settings: Settings,
    con: sqlite3.Connection,
    url: str | None,
    targets: list[Target],
    accepted: list[dict[str, Any]],
    quarantined: list[dict[str, Any]],
    minutes: int,
) -> tuple[str, list[Hint]]:
    """The verdict and its hints (the first one is the headline)."""
    here_acc = [r for r in accepted if r["from_url"] or url is None]
    here_q = [r for r in quarantined if r["from_url"] or url is None]
    expected = " / ".join(t.key for t in targets) or "?"
    hints: list[Hint] = []
    if here_acc:
        verdict, last = "arrived", max(here_acc, key=lambda r: r["last_at"])
        n = sum(r["events"] for r in here_acc)
        hints.append(text(verdict, n=n, at=_paris(last["last_at"]), type=last["last_type"]))
        if here_q:
            reasons = ", ".join(sorted({r["reason"] for r in here_q}))
            hints.append(
                text("also_quarantined", n=sum(r["events"] for r in here_q), reasons=reasons)
            )
    elif here_q:
        last = max(here_q, key=lambda r: r["last_at"])
        verdict = reason_class(last["reason"])
        accounts = sorted({t.account_id for t in targets})
        allowed = [
            r[0]
            for r in con.execute(
                "SELECT origin FROM allowed_origins WHERE account_id IN (SELECT value FROM"
                " json_each(?)) ORDER BY origin",
                (json.dumps(accounts),),
            )
        ]
        values = {
            "sent": last["key"],
            "expected": expected,
            "origin": last["last_origin"] or _origin(last["last_url"] or url),
            "allowed": ", ".join(allowed) or "aucune / none",
            "reason": last["reason"],
        }
        hints.append(text(verdict, **values))
    else:
        verdict = "nothing_received"
        hints.append(text(verdict, minutes=minutes))
        for row in accepted:
            hints.append(text("other_pages", key=row["key"], page=row["last_url"]))
        hints.append(text("install", endpoint=settings.collector_url))
    if not targets:
        hints.append(text("not_registered"))
    hints += [text("inactive_target", name=t.name, key=t.key) for t in targets if not t.active]
    hints.append(text("lag", s=round(settings.spool_roll_seconds * 2)))
    return verdict, hints


class VerifyError(ValueError):
    """Bad input to :func:`verify`: the field, a stable reason and a message."""

    def __init__(self, field: str, reason: str, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.field, self.reason, self.status = field, reason, status


@dataclass
class Verification:
    verdict: str
    url: str | None
    keys: list[str]
    targets: list[Target]
    since: datetime
    checked_at: datetime
    accepted: list[dict[str, Any]]
    quarantined: list[dict[str, Any]]
    hints: list[Hint]
    skipped_files: list[str]

    @property
    def ok(self) -> bool:
        return self.verdict == "arrived"

    def to_dict(self) -> dict[str, Any]:
        headline = self.hints[0] if self.hints else Hint("", "")
        return {
            "verdict": self.verdict,
            "ok": self.ok,
            "message_fr": headline.fr,
            "message_en": headline.en,
            "url": self.url,
            "keys": self.keys,
            "targets": [
                {"kind": t.kind, "key": t.key, "name": t.name, "url": t.url} for t in self.targets
            ],
            "since": self.since.isoformat(),
            "checked_at": self.checked_at.isoformat(),
            "accepted": [_jsonable(r) for r in self.accepted],
            "quarantined": [_jsonable(r) for r in self.quarantined],
            "hints": [{"fr": h.fr, "en": h.en} for h in self.hints[1:]],
            "skipped_files": self.skipped_files,
        }


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in row.items()}


def check_input(url: str | None, key: str | None) -> None:
    if not url and not key:
        raise VerifyError("url", "required", "Give the page URL (url) or its public key (key).")
    if url and (len(url) > 2048 or not re.fullmatch(r"https?://[^/\s?#]+[^\s]*", url)):
        raise VerifyError("url", "invalid_url", "url must be an http(s) URL of a page.")
    if key and len(key) > 128:
        raise VerifyError("key", "too_long", "key is at most 128 characters.")


def verify(
    settings: Settings,
    con: sqlite3.Connection,
    now: datetime,
    *,
    url: str | None = None,
    key: str | None = None,
    minutes: int = 60,
    account_ids: Sequence[str] | None = None,
) -> Verification:
    """The installation check for a page URL (or a public key) over the last ``minutes``."""
    check_input(url, key)
    if not 1 <= minutes <= 7 * 24 * 60:
        raise VerifyError("minutes", "out_of_range", "minutes must be between 1 and 10080.")
    candidates = load_targets(con, account_ids)
    if key:
        targets = [t for t in candidates if t.key == key]
    else:
        assert url is not None
        matching = [t for t in candidates if under_url(url, t.url)]
        depth = max((len(norm_url(t.url)) for t in matching), default=0)
        targets = [t for t in matching if len(norm_url(t.url)) == depth]
    if not targets and account_ids is not None:
        field = "key" if key else "url"
        raise VerifyError(field, "unknown", f"No LP or form of your account has this {field}.", 404)
    keys = sorted({t.key for t in targets} | ({key} if key else set()))
    since = now - timedelta(minutes=minutes)
    params = {
        "since": since,
        "url": url,
        "keys": keys,
        "accounts": list(account_ids or []),
        "all_accounts": account_ids is None,
    }
    with lake_window(settings, since, now) as lake:
        accepted = lake.query("verify_accepted", params)
        quarantined = lake.query("verify_quarantined", params)
        skipped = list(lake.skipped)
    verdict, hints = explain(settings, con, url, targets, accepted, quarantined, minutes)
    if skipped:
        hints.append(text("skipped", n=len(skipped)))
    return Verification(
        verdict, url, keys, targets, since, now, accepted, quarantined, hints, skipped
    )
