"""The logs zip reader: bounded memory and time whatever the archive claims, clear input errors."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile

import pytest

from autoheal.errors import InputError
from autoheal.logzip import MAX_RATIO, read_zip_jobs

LOG = b"".join(b"2026-01-05T12:00:%02d.0000000Z line %d of the job log, nothing special\n" % (i % 60, i)
               for i in range(20000))


def make_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_real_log_archive_reads():
    jobs = read_zip_jobs(make_zip({"1_build.txt": LOG, "2_test.txt": b"E boom\n"}))
    assert [(j["name"], len(j["log"])) for j in jobs] == [("build", len(LOG)), ("test", 7)]


def test_many_ten_mib_entries_are_refused_before_any_is_inflated():
    """A 1 MB zip of many 10 MiB entries of zeros expanded to 1.1 GB before; each entry's ratio is ~1000x."""
    data = make_zip({f"{n}_job{n}.txt": b"\0" * (10 * 1024 * 1024) for n in range(1, 31)})
    assert len(data) < 1_000_000
    tracemalloc.start()
    start = time.monotonic()
    with pytest.raises(InputError, match="zip bomb") as caught:
        read_zip_jobs(data)
    elapsed = time.monotonic() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert caught.value.name == "log-zip"
    assert peak < 16 * 1024 * 1024 and elapsed < 2, (peak, elapsed)


def test_ratio_is_checked_on_the_archive_as_a_whole():
    """Entries just under the per-entry floor, together far above the ratio."""
    entries = {f"{n}_j{n}.txt": b"a" * (60 * 1024) for n in range(1, 400)}
    with pytest.raises(InputError, match="zip bomb"):
        read_zip_jobs(make_zip(entries))


def _lie_about_sizes(data: bytes, size: int) -> bytes:
    """Rewrite every uncompressed-size field (local headers and central directory) to `size`."""
    out = bytearray(data)
    pos = 0
    while (pos := out.find(b"PK\x03\x04", pos)) >= 0:
        struct.pack_into("<I", out, pos + 22, size)
        pos += 4
    pos = 0
    while (pos := out.find(b"PK\x01\x02", pos)) >= 0:
        struct.pack_into("<I", out, pos + 24, size)
        pos += 4
    return bytes(out)


@pytest.mark.parametrize("declared", [10, 3_000_000])
def test_false_sizes_are_the_documented_input_error(declared):
    data = _lie_about_sizes(make_zip({"1_build.txt": LOG}), declared)
    with pytest.raises(InputError) as caught:
        read_zip_jobs(data)
    message = str(caught.value)
    assert "log-zip" in message
    assert "lies about its size" in message or "larger than declared" in message or "refused" in message, message


def test_a_bomb_hiding_behind_a_small_declared_size_is_stopped_while_inflating():
    """The declared sizes say 100 KiB at a sane ratio; the real stream is 50 MiB of zeros."""
    real = make_zip({"1_build.txt": b"\0" * (50 * 1024 * 1024)})
    data = _lie_about_sizes(real, 100 * 1024)
    tracemalloc.start()
    with pytest.raises(InputError):
        read_zip_jobs(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 16 * 1024 * 1024, peak


def test_unsafe_names_and_garbage():
    with pytest.raises(InputError, match="unsafe entry name"):
        read_zip_jobs(make_zip({"../evil.txt": b"x"}))
    with pytest.raises(InputError, match="not a zip file"):
        read_zip_jobs(b"PK\x03\x04 not really")


def test_the_ratio_limit_is_above_real_logs():
    data = make_zip({"1_build.txt": LOG})
    assert len(LOG) / len(data) < MAX_RATIO
