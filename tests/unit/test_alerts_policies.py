"""Alert policies on controlled clocks: silence, quarantine spikes, re-alerting, recovery."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from warehouse.lakeview import TargetHealth
from warehouse.tracking_alerts import (
    RECOVERED,
    SILENT,
    SPIKE,
    AlertGate,
    PastAlert,
    SilencePolicy,
    SpikePolicy,
    judge,
    status_of,
)

T0 = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)


def health(**values: object) -> TargetHealth:
    base = TargetHealth(
        kind="lp",
        id="lp_1",
        key="lp_solaire",
        account_id="acc_1",
        lp_id="lp_1",
        name="LP Solaire",
        url="https://lp.fr/solaire/",
        active=True,
        last_event_at=T0,
        events_1h=0,
        events_24h=0,
        events_before_last=0,
        accepted_recent=0,
        accepted_base=0,
        quarantined_24h=0,
        quarantined_recent=0,
        quarantined_base=0,
        top_reason=None,
    )
    return replace(base, **values)  # type: ignore[arg-type]


# 60 events in the 3 h before the last one: 20/h, so 5 expected events take 15 min < 30 min.
BUSY = health(events_before_last=60)


@pytest.mark.parametrize(
    ("minutes_after", "silent"), [(0, False), (29, False), (30, True), (240, True)]
)
def test_a_busy_lp_is_silent_after_the_silence_window(minutes_after: int, silent: bool) -> None:
    gap = SilencePolicy(silence_minutes=30).silent_for(BUSY, T0 + minutes_after * MIN)
    assert (gap is not None) is silent
    if silent:
        assert gap == minutes_after * MIN


def test_an_lp_that_never_had_traffic_or_too_little_is_never_silent() -> None:
    policy = SilencePolicy(silence_minutes=30, min_events_per_hour=6)
    assert policy.silent_for(health(last_event_at=None), T0 + 600 * MIN) is None
    # 17 events in 3 h = 5.7/h < 6/h: not enough traffic to call its absence a silence
    assert policy.silent_for(health(events_before_last=17), T0 + 600 * MIN) is None
    assert policy.silent_for(health(events_before_last=18), T0 + 600 * MIN) is not None


def test_a_quieter_lp_needs_a_longer_silence() -> None:
    # 6/h: 5 expected events take 50 min, so 30 min of silence is not yet unusual.
    quiet = health(events_before_last=18)
    policy = SilencePolicy(silence_minutes=30, min_events_per_hour=6, min_expected=5)
    assert policy.silent_for(quiet, T0 + 49 * MIN) is None
    assert policy.silent_for(quiet, T0 + 50 * MIN) == 50 * MIN


def spiking(**values: object) -> TargetHealth:
    return health(**{"quarantined_recent": 30, "accepted_recent": 70, **values})


def test_quarantine_spike_needs_count_share_and_a_jump_over_the_baseline() -> None:
    policy = SpikePolicy(window_minutes=15, min_quarantined=20, min_share=0.2, factor=3)
    assert policy.share(spiking()) == pytest.approx(0.3)
    assert policy.share(spiking(quarantined_recent=19)) is None  # too few
    assert policy.share(spiking(accepted_recent=200)) is None  # 30/230 = 13% < 20%
    # baseline: 3 h at 30 per 15 min = 360 → same rate as now: chronic, not a spike
    assert policy.share(spiking(quarantined_base=360)) is None
    # a third of that rate or less before: a spike
    assert policy.share(spiking(quarantined_base=120)) is not None
    assert policy.share(spiking(quarantined_base=121)) is None


def test_gate_realerts_after_hours_and_retries_failed_emails_sooner() -> None:
    gate = AlertGate(realert_hours=6, email_retry_minutes=5)
    sent = PastAlert(SILENT, T0, "sent")
    failed = PastAlert(SILENT, T0, "failed")
    assert gate.should_alert(None, T0)
    assert not gate.should_alert(sent, T0 + 5 * 60 * MIN)
    assert gate.should_alert(sent, T0 + 6 * 60 * MIN)
    assert not gate.should_alert(failed, T0 + 4 * MIN)
    assert gate.should_alert(failed, T0 + 5 * MIN)
    assert gate.should_alert(PastAlert(RECOVERED, T0, "sent"), T0 + MIN)


def test_judge_over_time_alerts_once_then_recovers_then_alerts_again() -> None:
    silence, spike, gate = SilencePolicy(silence_minutes=30), SpikePolicy(), AlertGate()
    past: dict[tuple[str, str], PastAlert] = {}

    def tick(h: TargetHealth, now: datetime) -> list[str]:
        alerts = judge([h], past, now, silence, spike, gate)
        for a in alerts:
            family = "spike" if a.action == SPIKE else "silence"
            past[(h.id, family)] = PastAlert(a.action, now, "sent")
        return [a.action for a in alerts]

    assert tick(BUSY, T0 + 10 * MIN) == []
    assert tick(BUSY, T0 + 31 * MIN) == [SILENT]
    assert tick(BUSY, T0 + 32 * MIN) == []  # same silence: no second alert
    back = replace(BUSY, last_event_at=T0 + 40 * MIN)
    assert tick(back, T0 + 41 * MIN) == [RECOVERED]
    assert tick(back, T0 + 42 * MIN) == []
    assert tick(back, T0 + 71 * MIN) == [SILENT]  # silent again after the recovery


def test_judge_spikes_per_target_and_never_calls_all_traffic_silent() -> None:
    everything = health(kind="all", id="*", key=None, events_before_last=600)
    alerts = judge(
        [spiking(events_before_last=60), replace(spiking(), kind="all", id="*"), everything],
        {},
        T0 + 600 * MIN,
        SilencePolicy(),
        SpikePolicy(),
        AlertGate(),
    )
    assert [(a.action, a.health.id) for a in alerts] == [
        (SILENT, "lp_1"),
        (SPIKE, "lp_1"),
        (SPIKE, "*"),
    ]
    assert "30 événements refusés sur 100" in alerts[1].message_fr
    assert "LP Solaire" in alerts[0].message_fr and "lp_solaire" in alerts[0].message_en


def test_status_for_the_dashboard() -> None:
    silence, spike = SilencePolicy(silence_minutes=30), SpikePolicy()
    assert status_of(BUSY, T0 + 5 * MIN, silence, spike) == "ok"
    assert status_of(BUSY, T0 + 31 * MIN, silence, spike) == "silent"
    assert status_of(spiking(), T0 + MIN, silence, spike) == "spike"
    assert status_of(health(last_event_at=None), T0, silence, spike) == "no_traffic"
