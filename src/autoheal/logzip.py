"""Reading a run's logs zip (the `log-zip` input) with hard limits on memory and work.

The archive is untrusted: its entry names, its declared sizes and its compression ratio may all lie.
So it is read in memory (nothing is written to disk) under limits checked twice — on what the
central directory declares, before anything is inflated, and on the bytes actually inflated, chunk by
chunk, so a false size cannot get past them:

- at most `MAX_ENTRIES` entries, no absolute or `../` name;
- each entry at most `MAX_ENTRY_BYTES`, all together at most `MAX_TOTAL_BYTES`;
- the compression ratio of every entry above `RATIO_FLOOR` bytes, and of the whole archive, at most
  `MAX_RATIO` (real logs deflate 10-30x; a bomb deflates ~1000x): many 10 MiB entries are refused as
  surely as one big one;
- a damaged entry or one whose size or CRC does not match what it declares is an `InputError` naming the
  input, not an unhandled `BadZipFile`.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from typing import Any

from .errors import InputError

MAX_ENTRIES = 2000
MAX_ENTRY_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed
RATIO_FLOOR = 64 * 1024  # below this an entry is too small to matter (2000 x 64 KiB = 128 MiB at most)
CHUNK = 1024 * 1024

_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError)


class LogZip:
    """An opened, pre-checked logs zip; `read(info)` inflates one entry under the running limits."""

    def __init__(self, data: bytes, name: str = "log-zip") -> None:
        self.name = name
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            self.infos = self.archive.infolist()
        except _DAMAGED as exc:
            raise InputError(name, f"not a zip file ({exc})") from None
        self.inflated = 0  # bytes actually inflated so far, all entries together
        self.compressed = max(1, len(data))
        self._check_declared()

    def _refuse(self, why: str) -> InputError:
        return InputError(self.name, f"refused: {why}")

    def _check_declared(self) -> None:
        if len(self.infos) > MAX_ENTRIES:
            raise self._refuse(f"{len(self.infos)} entries (at most {MAX_ENTRIES})")
        total = 0
        for info in self.infos:
            norm = posixpath.normpath(info.filename.replace("\\", "/"))
            if info.filename.startswith(("/", "\\")) or norm.startswith("..") or re.match(r"^[A-Za-z]:", info.filename):
                raise self._refuse(f"unsafe entry name {info.filename!r}")
            if info.file_size > MAX_ENTRY_BYTES:
                raise self._refuse(f"entry {info.filename!r} is {info.file_size} bytes uncompressed")
            self._check_ratio(info.filename, info.file_size, info.compress_size)
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise self._refuse(f"more than {MAX_TOTAL_BYTES} bytes uncompressed")
        if total > RATIO_FLOOR and total / self.compressed > MAX_RATIO:
            raise self._refuse(f"the archive looks like a zip bomb ({total // self.compressed}x compression overall)")

    def _check_ratio(self, filename: str, size: int, compressed: int) -> None:
        if size > RATIO_FLOOR and size / max(1, compressed) > MAX_RATIO:
            raise self._refuse(f"entry {filename!r} looks like a zip bomb ({size // max(1, compressed)}x compression)")

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """The entry's bytes, inflated chunk by chunk; stops at the first limit the real bytes break."""
        parts: list[bytes] = []
        size = 0
        try:
            with self.archive.open(info) as fh:
                while True:
                    chunk = fh.read(CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    self.inflated += len(chunk)
                    if size > info.file_size or size > MAX_ENTRY_BYTES:
                        raise self._refuse(f"entry {info.filename!r} is larger than declared")
                    if self.inflated > MAX_TOTAL_BYTES:
                        raise self._refuse(f"more than {MAX_TOTAL_BYTES} bytes uncompressed")
                    self._check_ratio(info.filename, size, info.compress_size)
                    if self.inflated > RATIO_FLOOR and self.inflated / self.compressed > MAX_RATIO:
                        raise self._refuse("the archive looks like a zip bomb "
                                           f"({self.inflated // self.compressed}x compression overall)")
                    parts.append(chunk)
            if size != info.file_size:
                raise zipfile.BadZipFile(f"{size} bytes where {info.file_size} were declared")
        except InputError:
            raise
        except _DAMAGED as exc:
            raise InputError(self.name, f"entry {info.filename!r} is damaged or lies about its size ({exc})",
                             "not an archive GitHub made: download the run's logs again") from None
        return b"".join(parts)


def read_zip_jobs(data: bytes, *, name: str = "log-zip") -> list[dict[str, object]]:
    """Jobs (name, log) from a run's logs zip: top-level `N_<job>.txt`, else `<job>/<n>_<step>.txt` joined."""
    logs = LogZip(data, name)
    infos = logs.infos
    top = [i for i in infos if "/" not in i.filename.strip("/") and i.filename.endswith(".txt") and not i.is_dir()]
    jobs: list[dict[str, object]] = []
    for info in sorted(top, key=lambda i: _leading_number(i.filename)):
        job = re.sub(r"^\d+_", "", info.filename[:-4])
        jobs.append({"name": job, "log": logs.read(info)})
    if jobs:
        return jobs
    grouped: dict[str, list[tuple[int, Any]]] = {}
    for info in infos:
        parts = info.filename.split("/")
        if len(parts) == 2 and parts[1].endswith(".txt") and not info.is_dir():
            grouped.setdefault(parts[0], []).append((_leading_number(parts[1]), info))
    return [{"name": job, "log": b"".join(logs.read(info) for _, info in sorted(steps, key=lambda s: s[0]))}
            for job, steps in grouped.items()]


def _leading_number(filename: str) -> int:
    m = re.match(r"(\d+)_", posixpath.basename(filename))
    return int(m.group(1)) if m else 0
