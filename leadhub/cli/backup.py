"""``leadhub backup DIR`` (while everything runs) and ``leadhub restore DIR`` (into an empty
data dir). A refusal (target not empty, damaged backup) exits with code 2, nothing written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from leadhub.cli.context import settings as load

DirArgument = Annotated[Path, typer.Argument(help="The backup directory.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the manifest's counts as JSON.")]


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {value}" for name, value in counts.items())


def backup(directory: DirArgument, as_json: JsonOption = False) -> None:
    """Back up the hub (SQLite online backup), the lake and spool, the secret key and the
    warehouse snapshot into DIR (new or empty), with a manifest of counts and checksums."""
    from warehouse.backup import take_backup
    from warehouse.backup_files import BackupRefused

    try:
        manifest = take_backup(load(), directory)
    except BackupRefused as exc:
        typer.echo(f"backup refused: {exc}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps({"directory": str(directory), "counts": manifest.counts}))
        return
    typer.echo(f"backup written to {directory}: {_summary(manifest.counts)}")
    if manifest.key_source == "env":
        typer.echo("buyer secrets are encrypted with LEADHUB_SECRET_KEY: keep it with the backup")


def restore(directory: DirArgument, as_json: JsonOption = False) -> None:
    """Restore a backup into the configured (empty) data dir, after verifying its checksums;
    the restored counts must match its manifest."""
    from warehouse.backup_files import BackupRefused
    from warehouse.restore import restore as run

    settings = load()
    try:
        manifest = run(settings, directory)
    except BackupRefused as exc:
        typer.echo(f"restore refused: {exc}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps({"data_dir": str(settings.data_dir), "counts": manifest.counts}))
        return
    typer.echo(f"restored into {settings.data_dir}: {_summary(manifest.counts)}")


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)
