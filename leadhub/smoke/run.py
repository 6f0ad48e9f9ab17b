"""A smoke run after a deployment, through the public URL only (no data dir): the tracker
script, two test-flagged events as a page sends them (beacon body, pixel), a test lead through
the public form endpoint; then, read back with the API key: the events in the lake
(``/v1/verify``), the lead in the hub and its delivery to a test buyer (``/v1/leads/{id}``, the
account's active test buyers from ``/v1/buyers``), and the pipeline's publication after the run
started (``/v1/system/pipeline``). Everything sent is flagged ``is_test``: kept out of funnels,
billing and real buyers (a test lead goes to test buyers only; decision 0050)."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from hub.phones import PhoneError, normalise
from leadhub.smoke.report import Report

Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class Target:
    lp_key: str
    lp_url: str
    form_key: str
    form_url: str


@dataclass(slots=True)
class Smoke:
    """One run: ``client`` has the public base URL; ``key`` is only sent to API v1 reads."""

    client: httpx.Client
    key: str
    lp: str | None = None
    timeout: float = 60.0
    interval: float = 1.0
    clock: Clock = time.monotonic
    sleep: Callable[[float], None] = time.sleep

    def run(self) -> Report:
        report = Report()
        started = datetime.now(UTC).replace(microsecond=0)
        target = self._target(report)
        if target is None:
            return report
        self._tracker(report)
        sent_events = self._events(report, target)
        lead_id = self._lead(report, target)
        deadline = self.clock() + self.timeout
        if sent_events:
            self._lake(report, target, started, deadline)
        if lead_id is not None:
            self._hub(report, lead_id)
            self._delivery(report, lead_id, deadline)
        self._pipeline(report, started, deadline)
        return report

    # -- what a page does --------------------------------------------------------------------

    def _target(self, report: Report) -> Target | None:
        name = "LP et formulaire / LP and form"
        lps = self._api("/v1/landing-pages", {"limit": "200"})
        if not isinstance(lps, dict):
            report.failed(name, f"GET /v1/landing-pages: {lps}", _key_fix(lps))
            return None
        active = [lp for lp in lps["items"] if lp.get("active")]
        chosen = [lp for lp in active if self.lp is None or lp["key"] == self.lp]
        for lp in chosen:
            forms = self._api("/v1/forms", {"lp_id": lp["id"], "limit": "200"})
            items = forms["items"] if isinstance(forms, dict) else []
            form = next((f for f in items if f.get("active") and f.get("url")), None)
            if form is not None and lp.get("url"):
                report.passed(name, f"{lp['key']} / {form['key']}")
                return Target(lp["key"], lp["url"], form["key"], form["url"])
        wanted = f"LP {self.lp!r}" if self.lp else "an active LP"
        report.failed(
            name,
            f"no {wanted} with an active form (both with a URL) on this key's account",
            "create them (leadhub lps / leadhub forms) or pass --lp KEY",
        )
        return None

    def _tracker(self, report: Report) -> None:
        answer = self._public("GET", "/t.js")
        if isinstance(answer, httpx.Response) and answer.status_code == 200 and answer.content:
            report.passed("Script /t.js", f"{len(answer.content)} bytes")
            return
        report.failed(
            "Script /t.js", _said(answer), "is the collector behind this URL serving /t.js?"
        )

    def _events(self, report: Report, target: Target) -> bool:
        origin = _origin(target.lp_url)
        headers = {"Origin": origin, "Referer": target.lp_url, "Content-Type": "text/plain"}
        beacon = httpx.Request("POST", "/", json={"events": [self._event("page_view", target)]})
        answer = self._public("POST", "/v1/events", content=beacon.content, headers=headers)
        ok_beacon = isinstance(answer, httpx.Response) and answer.status_code == 202
        if ok_beacon:
            report.passed("Événement beacon / beacon event", "202")
        else:
            report.failed("Événement beacon / beacon event", _said(answer), _origin_fix(origin))
        params = {k: str(v) for k, v in self._event("cta_click", target).items()}
        pixel = self._public("GET", "/v1/p.gif", params=params, headers={"Referer": target.lp_url})
        ok_pixel = isinstance(pixel, httpx.Response) and pixel.status_code == 200
        if ok_pixel:
            report.passed("Pixel /v1/p.gif", "200")
        else:
            reason = (
                pixel.headers.get("X-Leadhub-Reject", "")
                if isinstance(pixel, httpx.Response)
                else ""
            )
            report.failed(
                "Pixel /v1/p.gif", f"{_said(pixel)} {reason}".strip(), _origin_fix(origin)
            )
        return ok_beacon or ok_pixel

    def _event(self, kind: str, target: Target) -> dict[str, Any]:
        return {
            "event_id": f"smoke-{secrets.token_hex(8)}",
            "type": kind,
            "key": target.lp_key,
            "url": target.lp_url,
            "ts": datetime.now(UTC).isoformat(),
            "is_test": True,
        }

    def _lead(self, report: Report, target: Target) -> str | None:
        name = "Lead de test / test lead"
        body = {
            "form_key": target.form_key,
            "first_name": "Smoke",
            "last_name": "Test",
            "email": "smoke@example.com",
            "phone": test_phone(),
            "postal_code": "75011",  # Paris: inside most coverage areas
            "consent": "on",
            "is_test": "1",
        }
        headers = {"Origin": _origin(target.form_url), "Referer": target.form_url}
        answer = self._public("POST", "/v1/leads", json=body, headers=headers)
        if isinstance(answer, httpx.Response) and answer.status_code in (200, 201):
            lead_id = str(answer.json()["lead_id"])
            report.passed(name, lead_id)
            return lead_id
        report.failed(name, _said(answer), f"check form {target.form_key} (active, its origin)")
        return None

    # -- what came out -----------------------------------------------------------------------

    def _lake(self, report: Report, target: Target, started: datetime, deadline: float) -> None:
        name = "Événements dans le lac / events in the lake"
        last: Any = None
        while True:
            last = self._api("/v1/verify", {"url": target.lp_url, "minutes": "60"})
            if isinstance(last, dict) and _arrived(last, started):
                report.passed(name, f"{target.lp_key}")
                return
            if self.clock() >= deadline:
                break
            self.sleep(self.interval)
        detail = last.get("message_en") or last.get("verdict") if isinstance(last, dict) else last
        report.failed(name, f"not seen: {detail}", "is the collector's roller writing the lake?")

    def _hub(self, report: Report, lead_id: str) -> None:
        name = "Lead dans le hub / lead in the hub"
        lead = self._api(f"/v1/leads/{lead_id}", {})
        if isinstance(lead, dict) and lead.get("is_test"):
            report.passed(name, "is_test")
        elif isinstance(lead, dict):
            report.failed(name, "stored but not flagged as a test", "the form ignored is_test")
        else:
            report.failed(name, str(lead), _key_fix(lead))

    def _delivery(self, report: Report, lead_id: str, deadline: float) -> None:
        name = "Livraison de test / test delivery"
        buyers = self._api("/v1/buyers", {"limit": "200"})
        if not isinstance(buyers, dict):
            report.failed(name, f"GET /v1/buyers: {buyers}", _key_fix(buyers))
            return
        tests = {b["id"] for b in buyers["items"] if b.get("is_test") and b.get("active")}
        if not tests:
            report.failed(
                name,
                "no active test buyer on this key's accounts: a test lead goes to test buyers only",
                "create a test buyer: leadhub buyers create --set is_test=true … (or leadhub"
                " buyers update ID --set is_test=true), with a commande for the form's product",
            )
            return
        lead: Any = None
        while True:
            lead = self._api(f"/v1/leads/{lead_id}", {})
            done = [d for d in _deliveries(lead) if d.get("status") == "delivered"]
            real = [d for d in done if d.get("buyer_id") not in tests]
            if real:  # never: routing keeps test leads away from real buyers
                report.failed(
                    name,
                    f"delivered to a real buyer: {real[0].get('buyer_name')}",
                    "a test lead must reach test buyers only: is this collector up to date?",
                )
                return
            if done:
                report.passed(name, f"{done[0].get('buyer_name')} ({done[0].get('status')})")
                return
            if self.clock() >= deadline:
                break
            self.sleep(self.interval)
        seen = ", ".join(f"{d.get('buyer_name')}: {d.get('status')}" for d in _deliveries(lead))
        status = lead.get("status") if isinstance(lead, dict) else None
        report.failed(
            name,
            seen or f"no delivery (lead status: {status})",
            "is the router running (leadhub router)? has a test buyer an open commande for"
            " this product?",
        )

    def _pipeline(self, report: Report, started: datetime, deadline: float) -> None:
        name = "Publication du pipeline / pipeline published"
        status: Any = None
        while True:
            status = self._api("/v1/system/pipeline", {})
            published = status.get("published_at") if isinstance(status, dict) else None
            if published and datetime.fromisoformat(published) >= started:
                report.passed(name, published)
                return
            if self.clock() >= deadline:
                break
            self.sleep(self.interval)
        detail = f"last published: {published}" if isinstance(status, dict) else str(status)
        report.failed(name, detail, "are the pipelines running (leadhub pipelines run/schedule)?")

    # -- HTTP --------------------------------------------------------------------------------

    def _public(self, method: str, path: str, **kwargs: Any) -> httpx.Response | str:
        try:
            return self.client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            return f"{type(exc).__name__}: {exc}"

    def _api(self, path: str, params: dict[str, str]) -> dict[str, Any] | str:
        headers = {"Authorization": f"Token {self.key}"}
        answer = self._public("GET", path, params=params, headers=headers)
        if isinstance(answer, str):
            return answer
        if answer.status_code != 200:
            return _said(answer)
        body = answer.json()
        return body if isinstance(body, dict) else str(body)


def test_phone() -> str:
    """A random mobile number in an allocated range: intake refuses numbers of unallocated
    ranges (422), and "06" + 8 random digits sometimes is one."""
    while True:
        candidate = "06" + "".join(str(secrets.randbelow(10)) for _ in range(8))
        try:
            if normalise(candidate).cls == "valid":
                return candidate
        except PhoneError:
            continue


def _said(answer: httpx.Response | str) -> str:
    if isinstance(answer, str):
        return answer
    try:
        message = answer.json().get("error", {}).get("message", "")
    except (ValueError, AttributeError):
        message = ""
    return f"HTTP {answer.status_code} {message}".strip()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _origin_fix(origin: str) -> str:
    return f"is {origin} an allowed origin of the account (leadhub origins)?"


def _key_fix(answer: object) -> str:
    if isinstance(answer, str) and answer.startswith("HTTP 401"):
        return "check --key / LEADHUB_API_KEY"
    return "is the collector reachable at this URL?"


def _arrived(verify: dict[str, Any], started: datetime) -> bool:
    if verify.get("verdict") != "arrived":
        return False
    return any(
        row.get("any_test") and datetime.fromisoformat(str(row["last_at"])) >= started
        for row in verify.get("accepted", [])
    )


def _deliveries(lead: object) -> list[dict[str, Any]]:
    if not isinstance(lead, dict):
        return []
    return [d for d in lead.get("deliveries", []) if isinstance(d, dict)]
