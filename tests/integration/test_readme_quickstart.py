"""Issue 9: "the README's quick start shows the path from ``leadhub init`` to a first tracked
page". Each ``leadhub`` command of the README's "Start a real business" block is run as written
on an empty data dir (in-process CLI), its ``acc_…``/``lp_…``/``buy_…`` placeholders replaced by
what the commands before it printed; the processes it starts are left out. So the block cannot
drift from the CLI: a renamed option or a wrong order fails here."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hub.settings import Settings
from leadhub.cli import app as cli_app

pytestmark = pytest.mark.integration

README = Path(__file__).resolve().parents[2] / "README.md"
PROCESSES = {"collector", "router", "pipelines", "dashboard"}


def quickstart() -> list[list[str]]:
    """The ``leadhub`` commands of the block, continuation lines joined, comments dropped."""
    text = README.read_text(encoding="utf-8")
    block = text.split("### Start a real business", 1)[1].split("```bash\n", 1)[1]
    block = block.split("```", 1)[0].replace("\\\n", " ")
    commands = []
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        if words and words[0] == "leadhub":
            commands.append(words[1:])
    return commands


def test_the_readme_block_is_the_whole_path() -> None:
    names = [" ".join(c[:2]) for c in quickstart()]
    assert names[0].startswith("init") and "lps create" in names and "forms create" in names
    assert "brief lp_solaire_…" in names and any(n.startswith("verify") for n in names)


def test_every_quickstart_command_runs_as_written(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    env = {
        "LEADHUB_DATA_DIR": str(settings.data_dir),
        "LEADHUB_PUBLIC_URL": "https://collect.solaire-direct.fr",
    }
    ids: list[str] = []  # every "id" (and the entity init names) printed, in order
    keys: list[str] = []  # every public "key" printed, in order

    def resolve(word: str) -> str:
        def latest(match: re.Match[str]) -> str:
            prefix = match.group(1)
            found = [v for v in (*ids, *keys) if v.startswith(prefix)]
            assert found, f"nothing printed yet for {prefix}…"
            by_id = [v for v in ids if v.startswith(prefix)]
            return by_id[-1] if by_id else [v for v in keys if v.startswith(prefix)][-1]

        return re.sub(r"([a-z]+_[a-z_]*)…", latest, word)

    ran = []
    for words in quickstart():
        if words[0] in PROCESSES:
            continue
        args = [resolve(w) for w in words]
        result = CliRunner().invoke(cli_app, args, env=env)
        if words[0] == "verify":  # nothing runs yet: it says so, and what to check
            assert "nothing_received" in result.output, result.output
            ran.append(words[0])
            continue
        assert result.exit_code == 0, (args, result.output)
        out: Any = json.loads(result.stdout) if result.stdout.startswith("{") else {}
        if words[0] == "init":  # as written: its text names the entity
            ids.append(re.findall(r"\((acc_[0-9a-f]+)\)", result.output)[0])
        if isinstance(out.get("id"), str):
            ids.append(out["id"])
        if isinstance(out.get("key"), str):
            keys.append(out["key"])
        ran.append(" ".join(words[:2]))
    assert len(ran) == len([w for w in quickstart() if w[0] not in PROCESSES])

    brief = (tmp_path / "brief.md").read_text(encoding="utf-8")
    lp_key = next(k for k in keys if k.startswith("lp_solaire_"))
    form_key = next(k for k in keys if k.startswith("form_"))
    assert f"clé de landing page `{lp_key}`, clé de formulaire `{form_key}`" in brief
    for origin in ("https://www.solaire-direct.fr", "https://devis.solaire-direct.fr"):
        assert f"{origin} : ✅ autorisée" in brief
    assert "https://collect.solaire-direct.fr/t.js" in brief
