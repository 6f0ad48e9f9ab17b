"""The smoke report: one ✔/✘ line per step, what to fix under each ✘ only, and a non-zero exit
as soon as one step failed (an empty run is not a success)."""

from __future__ import annotations

from leadhub.smoke.report import Report


def test_all_passed_exits_zero() -> None:
    report = Report()
    report.passed("Script /t.js", "7449 bytes")
    report.passed("Pixel /v1/p.gif")
    assert report.ok and report.exit_code() == 0
    assert report.text() == "✔ Script /t.js: 7449 bytes\n✔ Pixel /v1/p.gif"


def test_one_failure_names_the_step_and_the_fix() -> None:
    report = Report()
    report.passed("Script /t.js")
    report.failed("Pixel /v1/p.gif", "HTTP 422", "allow the origin")
    assert not report.ok and report.exit_code() == 1
    assert report.text().splitlines()[1:] == [
        "✘ Pixel /v1/p.gif: HTTP 422",
        "    → allow the origin",
    ]


def test_an_empty_run_is_a_failure() -> None:
    assert Report().exit_code() == 1


def test_the_smoke_lead_phone_is_always_an_allocated_number() -> None:
    # "06" + 8 random digits is sometimes an unallocated range, which intake refuses (422).
    from hub.phones import normalise
    from leadhub.smoke.run import test_phone

    phones = [test_phone() for _ in range(300)]
    assert all(p.startswith("06") and len(p) == 10 for p in phones)
    assert {normalise(p).cls for p in phones} == {"valid"}
