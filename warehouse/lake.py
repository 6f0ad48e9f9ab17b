"""The raw events lake: partitions, fingerprints, reading files, quarantining unreadable ones.

Layout (docs/CONTRACTS.md): ``raw_dir/date=YYYY-MM-DD/*.parquet``; files being written start
with ``.`` and end in ``.tmp`` and are never read. A final file that cannot be read or does not
match the contract is moved to ``quarantine_dir/files/date=YYYY-MM-DD/NAME.corrupt`` with a
``NAME.corrupt.reason.json`` next to it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from hub.settings import Settings
from warehouse.lake_schema import EVENT_SCHEMA, REQUIRED

_DATE_DIR = re.compile(r"^date=(\d{4}-\d{2}-\d{2})$")

REQUIRED_COLUMNS = REQUIRED


@dataclass(frozen=True)
class Quarantined:
    lake_date: str
    file: str
    moved_to: str
    bytes: int
    reason: str
    quarantined_at: datetime


@dataclass
class PartitionRead:
    """The readable rows of one partition (conformed to EVENT_SCHEMA + source_file, file_row)."""

    lake_date: str
    table: pa.Table
    files: list[Path] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)


def partition_dirs(raw_dir: Path) -> dict[str, Path]:
    """Partition date (``YYYY-MM-DD``) → directory, for well-formed ``date=`` directories."""
    found: dict[str, Path] = {}
    if not raw_dir.is_dir():
        return found
    for entry in os.scandir(raw_dir):
        match = _DATE_DIR.match(entry.name)
        if match and entry.is_dir() and _is_date(match.group(1)):
            found[match.group(1)] = Path(entry.path)
    return found


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def final_files(partition_dir: Path) -> list[Path]:
    """Final lake files of a partition, in name order (never ``.``-prefixed temp files)."""
    if not partition_dir.is_dir():
        return []
    return sorted(
        Path(e.path)
        for e in os.scandir(partition_dir)
        if e.is_file() and e.name.endswith(".parquet") and not e.name.startswith(".")
    )


def fingerprint(files: list[Path]) -> str:
    """Changes whenever a file is added, removed, replaced or resized."""
    digest = hashlib.sha256()
    for path in sorted(files):
        try:
            st = path.stat()
        except FileNotFoundError:
            continue
        digest.update(f"{path.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def lake_fingerprints(raw_dir: Path) -> dict[str, str]:
    return {day: fingerprint(final_files(path)) for day, path in partition_dirs(raw_dir).items()}


def conform(table: pa.Table, source_file: str) -> pa.Table:
    """Project a file's table onto EVENT_SCHEMA; raise ValueError naming the bad column."""
    names = set(table.column_names)
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        raise ValueError(f"missing required column(s): {', '.join(missing)}")
    columns: list[pa.Array | pa.ChunkedArray] = []
    for fld in EVENT_SCHEMA:
        if fld.name not in names:
            columns.append(pa.nulls(table.num_rows, type=fld.type))
            continue
        column = table.column(fld.name)
        try:
            columns.append(column.cast(fld.type, safe=True))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise ValueError(f"column {fld.name}: {column.type} is not {fld.type} ({exc})") from exc
    columns.append(pa.array([source_file] * table.num_rows, type=pa.string()))
    columns.append(pa.array(range(table.num_rows), type=pa.int64()))
    schema = EVENT_SCHEMA.append(pa.field("source_file", pa.string()))
    return pa.Table.from_arrays(columns, schema=schema.append(pa.field("file_row", pa.int64())))


def empty_partition_table() -> pa.Table:
    return conform(EVENT_SCHEMA.empty_table(), "")


def read_files(settings: Settings, lake_date: str, paths: list[Path]) -> PartitionRead:
    """Read and conform these files of a partition; quarantine the ones that fail."""
    result = PartitionRead(lake_date=lake_date, table=empty_partition_table())
    tables = [result.table]
    for path in paths:
        try:
            with pq.ParquetFile(path) as parquet:
                tables.append(conform(parquet.read(), path.name))
        except (OSError, ValueError, pa.ArrowException) as exc:
            result.quarantined.append(quarantine_file(settings, lake_date, path, _reason(exc)))
            continue
        result.files.append(path)
    result.table = pa.concat_tables(tables)
    return result


def conforms(path: Path) -> bool:
    """True when the file's columns are a subset of EVENT_SCHEMA with its exact types and the
    required ones: DuckDB can then read it as it is (no cast, no extra column to drop)."""
    try:
        schema = pq.read_schema(path)
    except (OSError, pa.ArrowException):
        return False
    names = set(schema.names)
    if len(names) != len(schema.names) or any(name not in names for name in REQUIRED_COLUMNS):
        return False
    return all(
        EVENT_SCHEMA.get_field_index(f.name) >= 0 and EVENT_SCHEMA.field(f.name).type.equals(f.type)
        for f in schema
    )


def _reason(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= 500 else text[:497] + "..."


def quarantine_file(settings: Settings, lake_date: str, path: Path, reason: str) -> Quarantined:
    """Move an unreadable lake file aside (same filesystem, atomic rename) with its reason."""
    target_dir = settings.quarantine_dir / "files" / f"date={lake_date}"
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{path.name}.corrupt"
    counter = 1
    while target.exists():
        target = target_dir / f"{path.name}.{counter}.corrupt"
        counter += 1
    size = path.stat().st_size
    now = datetime.now(UTC)
    note = {
        "file": str(path),
        "lake_date": lake_date,
        "bytes": size,
        "reason": reason,
        "quarantined_at": now.isoformat(),
    }
    note_path = target.with_name(target.name + ".reason.json")
    with note_path.open("w", encoding="utf-8") as handle:
        json.dump(note, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    path.replace(target)
    for directory in {path.parent, target_dir}:
        _fsync_dir(directory)
    return Quarantined(lake_date, path.name, str(target), size, reason, now)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


NOTE_SCHEMA = pa.schema(
    [(name, pa.string()) for name in ("lake_date", "file", "moved_to", "reason", "quarantined_at")]
).append(pa.field("bytes", pa.int64()))


def quarantine_notes(settings: Settings) -> pa.Table:
    """Every quarantined lake file's note (``*.reason.json``) as one table."""
    rows: list[dict[str, object]] = []
    for note in sorted((settings.quarantine_dir / "files").glob("date=*/*.reason.json")):
        try:
            data = json.loads(note.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {"reason": "unreadable quarantine note"}
        rows.append(
            {
                "lake_date": str(data.get("lake_date") or note.parent.name.removeprefix("date=")),
                "file": str(data.get("file") or note.name),
                "moved_to": str(note.with_name(note.name.removesuffix(".reason.json"))),
                "reason": str(data.get("reason") or "unknown"),
                "quarantined_at": str(data.get("quarantined_at") or ""),
                "bytes": int(data.get("bytes") or 0),
            }
        )
    return pa.Table.from_pylist(rows, schema=NOTE_SCHEMA)
