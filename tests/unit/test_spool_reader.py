"""The roller's segment reader (DuckDB's JSON reader) reads what the line-by-line reader reads."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import msgspec
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from ingest.collect.roller import _LINE_SCHEMA, read_records, read_table
from ingest.collect.schema import SpoolRecord

TEXTS = [
    "",
    "plain",
    'quote " and \\ backslash',
    "accents é ü 漢字 🙂",
    "line\nbreak\ttab",
    "x" * 3000,
]


def _record(rng: random.Random, n: int) -> SpoolRecord:
    def text() -> str | None:
        return rng.choice([None, *TEXTS])

    return SpoolRecord(
        event_id=f"e{n}",
        type=rng.choice(["page_view", "form_start"]),
        received_at=1_795_168_800_000_000 + n,
        key=text(),
        account_id=text(),
        visitor_id=text(),
        ts=rng.choice([None, 0, -1, 2**62, 1_795_168_800_000_123]),
        sent_at=rng.choice([None, 1_795_168_800_000_000]),
        url=text(),
        props=rng.choice([None, '{"consent":true}', msgspec.json.encode({"k": TEXTS}).decode()]),
        user_agent=text(),
        is_test=rng.random() < 0.3,
        origin=text(),
        reason=rng.choice([None, "bot", "key:unknown"]),
    )


def _slow_table(data: bytes) -> pa.Table:
    records, _ = read_records(data)
    columns = {f.name: [getattr(r, f.name) for r in records] for f in _LINE_SCHEMA}
    return pa.table(columns, schema=_LINE_SCHEMA)


@pytest.mark.parametrize("seed", range(3))
def test_fast_reader_equals_the_line_by_line_reader(seed: int) -> None:
    rng = random.Random(seed)
    data = msgspec.json.Encoder().encode_lines([_record(rng, n) for n in range(500)])
    table, torn = read_table(data)
    assert torn == 0 and table.schema == _LINE_SCHEMA
    assert _is_test_filled(table).equals(_is_test_filled(_slow_table(data)))


def _is_test_filled(table: pa.Table) -> pa.Table:
    """``is_test`` omitted (false) reads as null here, as with pyarrow's reader: the lake
    table fills it (``lake_table``)."""
    index = table.schema.get_field_index("is_test")
    return table.set_column(index, "is_test", pc.fill_null(table.column("is_test"), False))


def test_a_torn_tail_is_counted_and_the_rest_read() -> None:
    lines = msgspec.json.Encoder().encode_lines([_record(random.Random(1), n) for n in range(3)])
    table, torn = read_table(lines + b'{"event_id":"e9","ty')
    assert torn == 1 and table.column("event_id").to_pylist() == ["e0", "e1", "e2"]


@pytest.mark.parametrize("bad", [b"garbage", b"[1, 2]", b'{"event_id": 5, "type": "x"'])
def test_a_bad_line_inside_falls_back_to_line_by_line(bad: bytes) -> None:
    lines = msgspec.json.Encoder().encode_lines([_record(random.Random(2), n) for n in range(3)])
    more = msgspec.json.Encoder().encode_lines([_record(random.Random(3), n) for n in (7, 8)])
    table, torn = read_table(lines + bad + b"\n" + more)
    assert torn == 1
    assert table.column("event_id").to_pylist() == ["e0", "e1", "e2", "e7", "e8"]


def test_the_roller_never_imports_pandas(tmp_path: Path) -> None:
    # pandas costs the roller seconds of CPU and ~55 MB: pa.array / pa.scalar would import it.
    script = (
        "import sys, msgspec\n"
        "from ingest.collect.roller import _constant, _strings, lake_table, read_table\n"
        "from ingest.collect.roller import with_agents\n"
        "from ingest.collect.schema import SpoolRecord\n"
        "from warehouse.lake_schema import LAKE_SCHEMA\n"
        "line = msgspec.json.encode(SpoolRecord('e1', 'page_view', 1_795_168_800_000_000))\n"
        "table, _ = read_table(line + b'\\n')\n"
        "table = with_agents(table)\n"
        "assert _strings(['a', None, 'bc']).to_pylist() == ['a', None, 'bc']\n"
        "rolled = lake_table(table, 'seg-x', LAKE_SCHEMA)\n"
        "assert rolled.column('collector_id').to_pylist() == ['seg-x']\n"
        "assert _constant('ab', 3).to_pylist() == ['ab'] * 3\n"
        "print('pandas' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
