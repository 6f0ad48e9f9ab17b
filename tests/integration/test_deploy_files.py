"""deploy/: ``nginx -t`` passes on the rendered templates (TLS with a self-signed certificate
made here), ``systemd-analyze verify`` passes on the units, the supervisor programs run the same
commands, and the environment template names real settings. The nginx and systemd checks skip
only when the binary is missing (``.ci/run`` installs both)."""

from __future__ import annotations

import configparser
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hub.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
VENV_LEADHUB = "/opt/leadhub/.venv/bin/leadhub"


def binary(name: str) -> str | None:
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin")


def placeholders() -> list[str]:
    out = subprocess.run(
        [str(DEPLOY / "nginx" / "placeholders")], capture_output=True, text=True, check=True
    )
    return re.findall(r"\$\{(LH_[A-Z_]+)\}", out.stdout)


def render(template: Path, values: dict[str, str]) -> str:
    """What ``envsubst "$(deploy/nginx/placeholders)"`` does: only the listed ${LH_*}."""
    text = template.read_text()
    for name in placeholders():
        text = text.replace("${" + name + "}", values[name])
    assert "${LH_" not in text, f"{template.name}: a placeholder not in deploy/nginx/placeholders"
    return text


def self_signed(directory: Path) -> None:
    directory.mkdir(parents=True)
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=collect.example.fr",
            "-keyout",
            str(directory / "privkey.pem"),
            "-out",
            str(directory / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )


@pytest.mark.skipif(
    binary("nginx") is None, reason="nginx is not installed (apt-get install nginx)"
)
def test_nginx_accepts_the_rendered_site(tmp_path: Path) -> None:
    nginx = binary("nginx")
    assert nginx is not None
    self_signed(tmp_path / "cert")
    conf_dir = tmp_path / "conf"
    conf_dir.mkdir()
    values = {
        "LH_COLLECT_HOST": "collect.example.fr",
        "LH_APP_HOST": "app.example.fr",
        "LH_DAGSTER_HOST": "dagster.example.fr",
        "LH_CERT_DIR": str(tmp_path / "cert"),
        "LH_ACME_ROOT": str(tmp_path / "acme"),
        "LH_NGINX_DIR": str(conf_dir),
        "LH_COLLECTOR_PORT": "8000",
        "LH_DASHBOARD_PORT": "8501",
        "LH_DAGSTER_PORT": "3000",
    }
    for template in sorted((DEPLOY / "nginx").glob("*.conf.template")):
        name = template.name.removesuffix(".template")
        (conf_dir / name).write_text(render(template, values))
    (conf_dir / "dagster.htpasswd").write_text("ops:$apr1$placeholder$\n")
    temp = tmp_path / "temp"
    temp.mkdir()
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n"
        + "".join(
            f"  {kind}_temp_path {temp}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"  include {conf_dir}/leadhub.conf;\n"
        # a landing page's own site on this nginx, with the first-party tracker path
        + "  server {\n    listen 443 ssl;\n    server_name www.lp.example.fr;\n"
        + f"    include {conf_dir}/leadhub-tls.conf;\n"
        + f"    include {conf_dir}/first-party.conf;\n  }}\n}}\n"
    )
    out = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(main), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "test is successful" in out.stderr
    assert "[warn]" not in out.stderr, out.stderr


def units(tmp_path: Path) -> list[Path]:
    """The units, with ExecStart pointing at this checkout's venv (verify checks it exists)."""
    leadhub = Path(sys.executable).parent / "leadhub"
    assert leadhub.exists()
    copies = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        copy = tmp_path / unit.name
        copy.write_text(unit.read_text().replace(VENV_LEADHUB, str(leadhub)))
        copies.append(copy)
    return copies


@pytest.mark.skipif(
    binary("systemd-analyze") is None, reason="systemd is not installed (apt-get install systemd)"
)
def test_systemd_units_verify(tmp_path: Path) -> None:
    analyze = binary("systemd-analyze")
    assert analyze is not None
    copies = units(tmp_path)
    assert {p.name for p in copies} == {
        "leadhub.target",
        "leadhub-collector.service",
        "leadhub-router.service",
        "leadhub-pipelines.service",
        "leadhub-dashboard.service",
    }
    out = subprocess.run(
        [analyze, "verify", "--man=no", *map(str, copies)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip() == "", out.stderr  # unknown keys are only warnings: none allowed


def exec_starts() -> dict[str, list[str]]:
    found = {}
    for unit in sorted((DEPLOY / "systemd").glob("leadhub-*.service")):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.read(unit)
        found[unit.stem] = shlex.split(parser["Service"]["ExecStart"])
    return found


def test_every_process_unit_binds_loopback_with_its_options() -> None:
    starts = exec_starts()
    assert {name: argv[1] for name, argv in starts.items()} == {
        "leadhub-collector": "collector",
        "leadhub-router": "router",
        "leadhub-pipelines": "pipelines",
        "leadhub-dashboard": "dashboard",
    }
    for name, argv in starts.items():
        assert argv[0] == VENV_LEADHUB
        if name != "leadhub-router":  # the router listens on nothing
            assert argv[argv.index("--host") + 1] == "127.0.0.1"
            assert "--port" in argv
    assert "--workers" in starts["leadhub-collector"]


def test_supervisor_runs_the_same_commands_with_the_env_file() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(DEPLOY / "supervisor" / "leadhub.conf")
    wrapper = "/opt/leadhub/deploy/supervisor/leadhub-env"
    programs = {
        section.removeprefix("program:"): shlex.split(parser[section]["command"])
        for section in parser.sections()
        if section.startswith("program:")
    }
    assert {name: argv[0] for name, argv in programs.items()} == dict.fromkeys(programs, wrapper)
    assert {name: argv[1:] for name, argv in programs.items()} == exec_starts()
    assert parser["group:leadhub"]["programs"].split(",") == list(programs)


def test_env_template_sets_real_settings_and_no_secret(tmp_path: Path) -> None:
    """Sourced as the supervisor wrapper does (the shell's syntax is the stricter one)."""
    env = {"PATH": os.environ["PATH"], "LEADHUB_ENV_FILE": str(DEPLOY / "leadhub.env.example")}
    out = subprocess.run(
        [str(DEPLOY / "supervisor" / "leadhub-env"), "env"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    values = dict(
        line.split("=", 1) for line in out.stdout.splitlines() if line.startswith("LEADHUB_")
    )
    names = {f"LEADHUB_{name.upper()}" for name in Settings.model_fields}
    assert set(values) - {"LEADHUB_ENV_FILE"} <= names
    needed_names = ("DATA_DIR", "PUBLIC_URL", "DASHBOARD_URL", "FORWARDED_ALLOW_IPS", "BACKUP_DIR")
    for needed in (*needed_names, "TEST_MODE", "SECRET_KEY", "METRICS_TOKEN", "SMTP_HOST"):
        assert f"LEADHUB_{needed}" in values
    assert values["LEADHUB_BACKUP_CRON"] == "15 3 * * *"
    assert values["LEADHUB_METRICS_TOKEN"] == "CHANGE_ME"
    assert values["LEADHUB_SECRET_KEY"] == ""
    fields = {k.removeprefix("LEADHUB_").lower(): v for k, v in values.items()}
    fields.pop("env_file", None)
    settings = load_settings(**fields)  # every value validates as its setting
    assert settings.collector_workers == 2 and settings.test_mode is False
    assert settings.allow_private_network is False
