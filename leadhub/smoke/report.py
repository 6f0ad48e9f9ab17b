"""The steps of a smoke run: each passed (✔) or failed (✘) with what to fix, printed one a line;
the run fails when any step did."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    ok: bool
    detail: str = ""
    fix: str = ""

    def line(self) -> str:
        mark = "✔" if self.ok else "✘"
        text = f"{mark} {self.name}"
        if self.detail:
            text += f": {self.detail}"
        if not self.ok and self.fix:
            text += f"\n    → {self.fix}"
        return text


@dataclass(slots=True)
class Report:
    steps: list[Step] = field(default_factory=list)

    def passed(self, name: str, detail: str = "") -> Step:
        return self._add(Step(name, True, detail))

    def failed(self, name: str, detail: str, fix: str) -> Step:
        return self._add(Step(name, False, detail, fix))

    def _add(self, step: Step) -> Step:
        self.steps.append(step)
        return step

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(s.ok for s in self.steps)

    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def text(self) -> str:
        return "\n".join(s.line() for s in self.steps)
