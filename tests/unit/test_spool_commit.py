"""Group commit: concurrent appends share fsyncs, every ack is on disk, failures are not acked."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from ingest.collect.spool import Spool, SpoolUnavailable, candidates


def read_all(spool_dir: Path) -> list[bytes]:
    out: list[bytes] = []
    for path in candidates(spool_dir):
        out += path.read_bytes().splitlines()
    return out


def test_concurrent_appends_share_fsyncs_and_are_fsynced_when_acked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = [0]  # file size covered by the last fdatasync
    real_fdatasync = os.fdatasync

    def recording_fdatasync(fd: int) -> None:
        real_fdatasync(fd)
        synced.append(os.fstat(fd).st_size)

    monkeypatch.setattr(os, "fdatasync", recording_fdatasync)

    async def scenario() -> tuple[int, list[bytes]]:
        spool = Spool(tmp_path, roll_seconds=60, max_delay_ms=2)
        await spool.start()
        on_disk_at_ack: list[bool] = []

        async def one(i: int) -> None:
            line = f'{{"n":{i}}}\n'.encode()
            await spool.append([line])
            segment = spool.current()
            assert segment is not None
            end = segment.read_bytes().index(line) + len(line)
            on_disk_at_ack.append(end <= synced[-1])

        await asyncio.gather(*(one(i) for i in range(200)))
        assert all(on_disk_at_ack)
        flushes = spool.flushes
        await spool.close()
        return flushes, read_all(tmp_path)

    flushes, lines = asyncio.run(scenario())
    assert sorted(lines) == sorted(f'{{"n":{i}}}'.encode() for i in range(200))
    assert flushes < 50  # 200 requests, far fewer fsyncs
    assert [p.suffix for p in candidates(tmp_path)] == [".jsonl"]  # sealed on close


def test_segments_roll_after_roll_seconds(tmp_path: Path) -> None:
    async def scenario() -> list[str]:
        spool = Spool(tmp_path, roll_seconds=0.2, max_delay_ms=0)
        await spool.start()
        await spool.append([b'{"n":1}\n'])
        await asyncio.sleep(0.5)
        sealed_while_idle = [p.suffix for p in candidates(tmp_path)]
        await spool.append([b'{"n":2}\n'])
        await spool.close()
        return sealed_while_idle

    assert asyncio.run(scenario()) == [".jsonl"]
    assert [p.suffix for p in candidates(tmp_path)] == [".jsonl", ".jsonl"]


def test_unwritable_spool_is_never_acknowledged(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the spool dir should be")

    async def scenario() -> None:
        spool = Spool(blocked, roll_seconds=60, max_delay_ms=0)
        await spool.start()
        try:
            with pytest.raises(SpoolUnavailable):
                await spool.append([b'{"n":1}\n'])
        finally:
            await spool.close()
        with pytest.raises(SpoolUnavailable):
            await spool.append([b'{"n":2}\n'])  # closed

    asyncio.run(scenario())


def test_a_request_that_goes_away_leaves_the_others_acknowledged(tmp_path: Path) -> None:
    async def scenario() -> list[bool]:
        spool = Spool(tmp_path, roll_seconds=60, max_delay_ms=20)  # one fsync for all
        await spool.start()
        await spool.append([b'{"n":0}\n'])  # the next fsync waits 20 ms: they all join it
        tasks = [asyncio.create_task(spool.append([f'{{"n":{i}}}\n'.encode()])) for i in (1, 2, 3)]
        await asyncio.sleep(0.005)
        tasks[1].cancel()  # its client went away before the fsync
        results = await asyncio.gather(*tasks, return_exceptions=True)
        await spool.close()
        return [r is None for r in results]

    assert asyncio.run(scenario()) == [True, False, True]
    assert sorted(read_all(tmp_path)) == [f'{{"n":{i}}}'.encode() for i in range(4)]


def test_appends_during_close_are_flushed_or_refused_never_left_waiting(tmp_path: Path) -> None:
    async def scenario() -> list[object]:
        spool = Spool(tmp_path, roll_seconds=60, max_delay_ms=5)
        await spool.start()
        tasks = [asyncio.create_task(spool.append([f'{{"n":{i}}}\n'.encode()])) for i in range(50)]
        await asyncio.sleep(0)
        closing = asyncio.create_task(spool.close())
        late = [asyncio.create_task(spool.append([b'{"n":"late"}\n'])) for _ in range(5)]
        results = await asyncio.wait_for(asyncio.gather(*tasks, *late, return_exceptions=True), 5)
        await closing
        return results

    results = asyncio.run(scenario())
    assert all(r is None for r in results[:50])
    acked = sum(r is None for r in results[50:])
    assert all(r is None or isinstance(r, SpoolUnavailable) for r in results[50:])
    assert len(read_all(tmp_path)) >= 50 + acked
