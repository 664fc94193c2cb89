"""One streaming pass over a log: steps, failure markers and candidate lines.

Each chunk (a few MiB) is first *prepared* from its bytes alone (:class:`Preparer`: colour codes
stripped, the knowledge base's prefilter run over the whole chunk in one multi-pattern pass,
linefinder.py: RE2, or Hyperscan on big logs), then *walked*. The walk looks one by one only at the
hit lines that hold a step marker; the plain hit lines between two of them go to the current step as
whole slices of offsets (its bounded head and tail keep the first and last; the rest is only counted).
A kept line becomes a Record (line number, text, context) only if it is still kept when the next chunk
is done, so memory does not grow with the log and most hit lines cost nothing in Python (#21).
Classification happens later, on the few lines kept.
"""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Callable
from itertools import islice
from typing import Any

from .linefinder import LineFinder, line_start
from .logformat import (
    FORMAT_GITHUB_CLI,
    FORMAT_PLAIN,
    clean_line,
    cli_time,
    detect_format,
    exit_code_of,
    line_text,
    strip_ansi,
)
from .native import NATIVE
from .reader import (
    BARE_CR,
    CHUNK_SIZE,
    Chunk,
    count_line_ends,
    decode,
    iter_chunks,
    looks_binary,
    size_of,
)

MAX_LINE_KEEP = 2000  # bytes of one line kept for display
CONTEXT_LINES = 2  # lines of context kept on each side of a candidate
CONTEXT_BYTES = 600
HEAD_RECORDS = 48  # first candidate lines kept per step
TAIL_RECORDS = 400  # last candidate lines kept per step
MAX_STEPS_WITH_RECORDS = 48
MAX_STEPS = 2000
WINDOW_BYTES = 128 << 10  # tail of a step kept for novelty (only when a baseline is given)
MAX_WINDOWS = 16  # steps holding a window at once (unremarkable ones give way first)
# A step that starts when the MAX_WINDOWS steps holding windows all have errors or an exit code keeps its window
# too (it gives way to itself, then fills it), and so does every later one: a log of many short failing steps
# (a concatenation, a matrix echoed in one job) keeps one per step. Those windows are final once their step ends;
# past WINDOW_MEMORY bytes of them they wait in a temporary file and are read back on use (_WindowSpill): the
# same bytes, ~7 MB less peak memory on a 60 MB log of such steps.
WINDOW_MEMORY = 2 << 20
# Step text (analysis #17): the raw bytes of each step's first and last lines, so the
# failing step's own output can be read by tool-aware parsers after the scan.
STEP_HEAD_BYTES = 32 << 10
STEP_TAIL_BYTES = 192 << 10
STEP_TEXT_KEEP = 3  # latest steps whose text is kept even without a failure marker
STEP_TEXT_FAILED = 8  # earlier steps with a failure marker whose text is kept


KIND_SETUP = "setup"
KIND_STEP = "step"
KIND_POST = "post"
KIND_COMPLETE = "complete"
KIND_LOG = "log"


class _Fields:
    """``__repr__`` and ``__eq__`` over ``_FIELDS``, as ``@dataclass`` writes them. The classes of this module
    are written out by hand: a dataclass compiles its methods when it is created, ~0.3 ms of every start
    each (#21)."""

    _FIELDS: tuple[str, ...] = ()
    __hash__ = None  # like a dataclass with eq=True: mutable, so not hashable

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}(" + ", ".join(f"{f}={getattr(self, f)!r}" for f in self._FIELDS) + ")"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return tuple(getattr(self, f) for f in self._FIELDS) == tuple(getattr(other, f) for f in self._FIELDS)
        return NotImplemented


class Record(_Fields):
    """A candidate line, as bytes, with its 1-based line number and raw context."""

    _FIELDS = ("line", "raw", "before", "after", "marker")

    def __init__(self, line: int, raw: bytes, before: bytes = b"", after: bytes = b"", marker: str = ""):
        self.line = line
        self.raw = raw
        self.before = before
        self.after = after
        self.marker = marker  # "error" for ##[error], "warning" for ##[warning]


class Section(_Fields):
    """A step of the job (or the whole log when it has no steps).

    Compared by identity (steps are compared with `is`; field-wise == would compare kept text)."""

    _FIELDS = ("name", "kind", "start_line", "end_line", "header_end", "in_header", "command", "candidates",
               "errors", "exit_code", "exit_line", "failed_marker", "head", "tail", "dropped", "window",
               "window_line", "text_head", "text_tail", "text_bytes", "pending", "job", "failed_at", "cancelled")
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def __init__(self, name: str, kind: str, start_line: int, end_line: int = 0, header_end: int = 0,
                 in_header: bool = False, command: str = "", candidates: int = 0, errors: int = 0,
                 exit_code: int | None = None, exit_line: int | None = None, failed_marker: bool = False,
                 head: list[Record] | None = None, tail: deque | None = None, dropped: bool = False,
                 window: bytes = b"", window_line: int = 0, text_head: bytes = b"", text_tail: bytes = b"",
                 text_bytes: int = 0, pending: tuple[int, int] | None = None, job: str | None = None,
                 failed_at: tuple[str, float] | None = None, cancelled: bool = False):
        self.name = name
        self.kind = kind
        self.start_line = start_line
        self.end_line = end_line
        self.header_end = header_end  # last line of the `##[group]Run` header (script echo)
        self.in_header = in_header
        self.command = command
        self.candidates = candidates
        self.errors = errors
        self.exit_code = exit_code
        self.exit_line = exit_line
        self.failed_marker = failed_marker
        self.head: list[Record] = [] if head is None else head
        self.tail: deque = deque(maxlen=TAIL_RECORDS) if tail is None else tail
        self.dropped = dropped
        self.window = window  # with windows=True: the step's last WINDOW_BYTES (whole lines), for novelty
        self.window_line = window_line  # line number of the window's first line
        self.text_head = text_head  # first STEP_HEAD_BYTES of the step (ANSI stripped)
        self.text_tail = text_tail  # last STEP_TAIL_BYTES of the step
        self.text_bytes = text_bytes  # bytes of the step seen (0 when its text was dropped)
        self.pending = pending  # its bytes in the chunk being scanned, copied only if still kept
        self.job = job  # `gh run view --log`: the job column (one file may hold several jobs)
        self.failed_at = failed_at  # `gh run view --log`: the timestamp of its failure line
        self.cancelled = cancelled  # the runner cancelled it (`##[error]The operation was canceled.`)
        self.unread: list = []  # with scan(counts=...): this block's hit lines, not yet read (_Scanner._resolve)

    @property
    def window(self) -> bytes:
        w = self._window
        return w if type(w) is bytes else w.read()

    @window.setter
    def window(self, value: bytes) -> None:
        self._window = value

    def keep_text(self, data: bytes, lo: int, hi: int) -> None:
        """Keep ``data[lo:hi]`` (the step's next bytes) within the head/tail bounds."""
        if hi <= lo:
            return
        if len(self.text_head) < STEP_HEAD_BYTES:
            self.text_head += data[lo : min(hi, lo + STEP_HEAD_BYTES - len(self.text_head))]
        self.text_tail = (self.text_tail + data[max(lo, hi - STEP_TAIL_BYTES) : hi])[-STEP_TAIL_BYTES:]
        self.text_bytes += hi - lo

    def drop_text(self) -> None:
        self.text_head, self.text_tail, self.text_bytes, self.pending = b"", b"", 0, None

    def text_lines(self) -> list[tuple[int, bytes]]:
        """The kept lines of the step as (1-based line number, raw bytes), head then tail."""
        if not self.text_bytes:
            return []
        if self.text_bytes <= STEP_TAIL_BYTES:
            lines = self.text_tail.splitlines()
            return [(self.start_line + i, b) for i, b in enumerate(lines)][: self.end_line - self.start_line + 1]
        head = self.text_head.splitlines()[:-1]  # the last head line may be cut
        tail = self.text_tail.splitlines()[1:]  # the first tail line may be cut
        first_tail = self.end_line - len(tail) + 1
        out = [(self.start_line + i, b) for i, b in enumerate(head) if self.start_line + i < first_tail]
        return out + [(first_tail + i, b) for i, b in enumerate(tail)]

    def records(self) -> list[Record]:
        """Kept candidate lines in line order (head then tail, no duplicates)."""
        seen = {r.line for r in self.head}
        return self.head + [r for r in self.tail if r.line not in seen]


class ScanResult(_Fields):
    """What the scan learned about a log."""

    _FIELDS = ("sections", "total_lines", "total_bytes", "log_format", "binary", "candidates", "long_lines")

    def __init__(self, sections: list[Section], total_lines: int, total_bytes: int, log_format: str, binary: bool,
                 candidates: int, long_lines: int):
        self.sections = sections
        self.total_lines = total_lines
        self.total_bytes = total_bytes
        self.log_format = log_format
        self.binary = binary
        self.candidates = candidates
        self.long_lines = long_lines


class _WindowSpill:
    """A temporary file holding finished steps' windows (see WINDOW_MEMORY), deleted when the scan's steps go.

    Windows are appended to a buffer written out a MiB at a time: one write per window (~2.7 k at 60 MB) cost
    ~5 % of a --baseline analysis in system calls."""

    FLUSH = 1 << 20

    def __init__(self) -> None:
        import tempfile

        self._file = tempfile.TemporaryFile()
        self._written = 0  # bytes in the file; the buffer holds the ones after
        self._buffer = bytearray()

    def keep(self, data: bytes) -> _SpilledWindow:
        at = self._written + len(self._buffer)
        self._buffer += data
        if len(self._buffer) >= self.FLUSH:
            self._file.seek(self._written)
            self._file.write(self._buffer)
            self._written += len(self._buffer)
            self._buffer = bytearray()
        return _SpilledWindow(self, at, len(data))

    def read(self, at: int, size: int) -> bytes:
        if at >= self._written:
            return bytes(self._buffer[at - self._written : at - self._written + size])
        self._file.seek(at)
        return self._file.read(size)

    def __del__(self) -> None:
        file = getattr(self, "_file", None)
        if file is not None:
            file.close()


class _SpilledWindow:
    """A window's place in a _WindowSpill (read back whole on each use)."""

    __slots__ = ("_spill", "_at", "_size")

    def __init__(self, spill: _WindowSpill, at: int, size: int):
        self._spill, self._at, self._size = spill, at, size

    def read(self) -> bytes:
        return self._spill.read(self._at, self._size)


class _Scanner:
    def __init__(self, prefilter: Any, windows: bool = False, size: int | None = None,
                 counts: Callable[[bytes], bool] | None = None):
        self._prepare = Preparer(prefilter, size)
        self._counts = counts  # see scan(): which hit lines a step may keep
        self._data = b""  # the block being walked (for ``counts``)
        self._unread: list[Section] = []  # steps given hit lines in this block, in order (with ``counts``)
        self._unfiltered: set[Section] = set()  # steps holding lines ``counts`` reads in finish (see _resolve)
        self._has_cr = False
        self.sections: list[Section] = []
        self._starts: list[int] = []
        self.lines_done = 0
        self.total_bytes = 0
        self.candidates = 0
        self.long_lines = 0
        self.format = FORMAT_PLAIN
        self.binary = False
        self._last_line = 0
        self._open_line = False
        self._in_long = False
        self._recorded: list[Section] = []  # steps holding candidate lines, oldest first
        self._pruned = 0  # self.sections[:_pruned] are known to be remarkable (kept by every prune)
        self.windows = windows
        self._pos = 0  # block offset of the line being handled (where a new step starts)
        self._block_starts: list[tuple[Section, int]] = []
        self._windowed: list[Section] = []
        self._window_memory = WINDOW_MEMORY  # bytes finished windows may still hold in memory
        self._spill: _WindowSpill | None = None
        self._ghost: Section | None = None  # the step being read, when it gave way to itself (see _window_done)
        self._block_sec: Section | None = None  # the step the next block starts in
        self._text_from = 0  # step text: the current step's start in the chunk being scanned
        self._line_at = 0
        self._texted: list[Section] = []
        self._texted_ok = 0  # self._texted[:_texted_ok]: older steps kept for their failure (see _close_text)
        self._recorded_ok = 0  # self._recorded[:_recorded_ok] have errors (see _new_section)
        self._held: _Held | None = None  # the previous block, while its slots wait (see _settle)
        self._new_section("Set up job", KIND_SETUP, 1)

    # -- sections ---------------------------------------------------------------
    def _new_section(self, name: str, kind: str, line: int) -> Section:
        if self.sections:
            self.sections[-1].end_line = max(self.sections[-1].start_line, line - 1)
            self._close_text(self._line_at)
        sec = Section(name=name[:200], kind=kind, start_line=line)
        if self.windows and self.sections:
            self._block_starts.append((sec, self._pos))
        self.sections.append(sec)
        self._starts.append(line)
        if len(self.sections) > MAX_STEPS:
            self._prune()
        if self._counts is None:  # with ``counts`` a step's lines are read when its block is done (_resolve)
            self._drop_excess()
        return sec

    def _drop_excess(self) -> None:
        """At most MAX_STEPS_WITH_RECORDS steps keep candidate lines."""
        recorded = self._recorded
        while len(recorded) > MAX_STEPS_WITH_RECORDS:
            # The oldest step without errors gives way (else the oldest); popped by index: list.remove
            # would compare every field of every step (dataclass __eq__). The first _recorded_ok steps are
            # known to have errors (a step's errors only grow), so the search starts after them (#21).
            i, n = self._recorded_ok, len(recorded)
            while i < n and recorded[i].errors:
                i += 1
            if i == n:  # every step has errors: the oldest goes
                victim = recorded.pop(0)
                self._recorded_ok = n - 1
            else:
                victim = recorded.pop(i)
                self._recorded_ok = i
            victim.head, victim.tail, victim.dropped = [], deque(maxlen=TAIL_RECORDS), True
            self._unfiltered.discard(victim)

    def _prune(self) -> None:
        """Forget unremarkable steps older than the newest 3/4 of MAX_STEPS, then keep at most MAX_STEPS.

        Steps before ``_pruned`` were filtered by an earlier prune and stay remarkable (only the newest
        step still changes), so each prune only filters the steps that left the recent window since:
        amortized O(1) per step even when thousands of steps have errors.
        """
        sections, starts = self.sections, self._starts
        keep_from = len(sections) - MAX_STEPS // 4 * 3
        lo = min(self._pruned, keep_from)
        middle = [s for s in sections[lo:keep_from] if s.errors or s.exit_code is not None]
        sections[lo:keep_from] = middle
        starts[lo:keep_from] = [s.start_line for s in middle]
        self._pruned = lo + len(middle)
        excess = len(sections) - MAX_STEPS
        if excess > 0:
            del sections[:excess]
            del starts[:excess]
            self._pruned = max(0, self._pruned - excess)

    def _close_text(self, offset: int) -> None:
        """Step text: note the closing step's last bytes (copied at the chunk's end only if the
        step's text is still kept then); forget text no one will read."""
        prev = self.sections[-1]
        if offset > self._text_from:
            prev.pending = (self._text_from, offset)
            if not self._texted or self._texted[-1] is not prev:
                self._texted.append(prev)
        self._text_from = offset
        texted = self._texted
        if len(texted) > STEP_TEXT_KEEP + STEP_TEXT_FAILED:
            # The older steps keep their text only if they failed, at most STEP_TEXT_FAILED of them, the
            # earliest first. The first _texted_ok were kept that way before: a closed step's failure does not
            # change, so only the steps that left the latest STEP_TEXT_KEEP since are looked at (#21).
            k = self._texted_ok
            failed = texted[:k]
            for sec in texted[k:-STEP_TEXT_KEEP]:
                if len(failed) < STEP_TEXT_FAILED and (sec.failed_marker or sec.errors):
                    failed.append(sec)
                else:
                    sec.drop_text()
            self._texted_ok = len(failed)
            self._texted = failed + texted[-STEP_TEXT_KEEP:]

    def _flush_text(self, data: bytes) -> None:
        """At a chunk's end: copy the kept steps' pending bytes, and the current step's."""
        cur = self.current
        if len(data) > self._text_from:
            cur.pending = (self._text_from, len(data))
        for sec in self._texted + [cur]:
            if sec.pending is not None:
                sec.keep_text(data, *sec.pending)
                sec.pending = None
        if cur.text_bytes and (not self._texted or self._texted[-1] is not cur):
            self._texted.append(cur)

    @property
    def current(self) -> Section:
        return self.sections[-1]

    def section_at(self, line: int) -> Section:
        i = bisect.bisect_right(self._starts, line) - 1
        return self.sections[max(0, i)]

    # -- candidate lines ----------------------------------------------------------
    def _structure(self, line_no: int, raw: bytes) -> bool:
        """Handle step markers; return True when the line is evidence-worthy."""
        sec = self.current
        by_column = self.format == FORMAT_GITHUB_CLI
        if by_column:
            cl = clean_line(decode(raw))
            # `gh run view --log` names the step in a column, except as "UNKNOWN STEP" when it cannot
            # match the log to the job's steps: then the `##[group]Run` headers delimit the steps.
            by_column = cl.step != "UNKNOWN STEP"
            if cl.step and (cl.step != sec.name or cl.job != sec.job) and by_column:
                kind = _kind_of_step_name(cl.step)
                sec = self._new_section(cl.step, kind, line_no)
            if sec.job is None:
                sec.job = cl.job
        if b"##[" in raw:
            text = line_text(raw)
            if text.startswith("##[group]Run "):
                title = text[len("##[group]") :]
                command = title[4:].strip() if title.startswith("Run ") else title
                if by_column:
                    sec.in_header = True
                    sec.command = sec.command or command
                else:
                    sec = self._new_section(title, KIND_STEP, line_no)
                    sec.in_header = True
                    sec.command = command
                return False
            if text.startswith("##[endgroup]"):
                if sec.in_header:
                    sec.in_header = False
                    sec.header_end = line_no
                return False
            if text.startswith("##[group]"):
                return False
            if text.startswith("##[section]Starting: ") and self.format == FORMAT_PLAIN:
                # Azure Pipelines opens each step (task) of a job with `##[section]Starting: <name>` and closes it
                # with `##[section]Finishing: <name>` (https://learn.microsoft.com/azure/devops/pipelines/scripts/
                # logging-commands#formatting-commands); its failure reads `##[error]Bash exited with code '1'.`
                self._new_section(text[len("##[section]Starting: "):].strip() or "step", KIND_STEP, line_no)
                return False
            if text.startswith("##[error]"):
                code = exit_code_of(text)
                sec.errors += 1
                if code is not None:
                    sec.exit_code, sec.exit_line = code, line_no
                    sec.failed_marker = code != 0
                    if code != 0 and self.format == FORMAT_GITHUB_CLI:
                        sec.failed_at = cli_time(decode(raw))
                elif text.startswith("##[error]The operation was canceled"):
                    sec.cancelled = True
                return True
            return True
        if sec.in_header:
            return False
        if b"Post job cleanup." in raw and self.format != FORMAT_GITHUB_CLI:
            self._new_section("Post job cleanup", KIND_POST, line_no)
            return False
        if b"Cleaning up orphan processes" in raw and self.format != FORMAT_GITHUB_CLI:
            self._new_section("Complete job", KIND_COMPLETE, line_no)
            return False
        if b"[Pipeline] { (" in raw:
            text = line_text(raw)
            name = text.split("[Pipeline] { (", 1)[1].rstrip(")")
            self._new_section(name, KIND_STEP, line_no)
            return False
        if b"section_start:" in raw:
            text = line_text(raw)
            name = text.split("section_start:", 1)[1].split(":", 1)[-1].split("\r")[0]
            self._new_section(name.strip() or "section", KIND_STEP, line_no)
            return False
        if b"marked build as failure" in raw or b"Finished: FAILURE" in raw:
            sec.failed_marker = True
            if sec.exit_line is None:
                sec.exit_line = line_no
            return True
        if b"Process completed with exit code" in raw or b"Job failed" in raw:
            code = exit_code_of(line_text(raw))
            if code is not None:
                sec.exit_code, sec.exit_line = code, line_no
                sec.failed_marker = sec.failed_marker or code != 0
            return True
        return True

    def _candidates(self, data: bytes, hits: list[int], ends_in: _LineEnds, marked: list[int],
                    quiet: set[int] = frozenset(), endgroups: set[int] = frozenset()) -> int:
        """Walk the hit lines of a block (named by their ends) in order; returns the block's line ends.

        Only the lines holding a step marker (``marked``; every line in `gh run view` logs, whose step is
        in a column) are looked at one by one. The plain hit lines between two of them go to the current
        step as whole slices: its head takes the first, its bounded tail the last, and the rest is only
        counted (#21). A kept plain line is stored as its end offset, a marker line as a ``(start, end,
        marker)`` slot; only the slots still held when the block is done get a line number and become
        :class:`Record` s with context. Line ends are counted up to each marker line, then from the
        nearest known line to each kept slot. A ``##[group]`` line other than a step header (``quiet``), and
        an ``##[endgroup]`` outside a step header, change nothing: they are passed over unread
        (linefinder.QUIET_LINES).
        """
        has_cr = ends_in.has_cr
        gh_cli = self.format == FORMAT_GITHUB_CLI
        if gh_cli:  # the step column may start a step on any line
            quiet = endgroups = frozenset()
        if self.lines_done + 1 == self._last_line and line_start(data, hits[0], has_cr) == 0:
            hits = hits[1:]  # the rest of an over-long line whose first piece was a candidate
            marked = [k - 1 for k in marked if k]
        if not hits:
            return ends_in(0, len(data))
        self.candidates += len(hits)
        self._data, self._has_cr = data, has_cr
        counts = self._counts
        counts_first = gh_cli and counts is not None
        touched: list[list] = []  # [step, head length before this block, slots appended to its tail]
        line_no = self.lines_done + 1  # the line number at offset counted_to
        refs = [(0, line_no)]  # (offset, line number) known exactly
        counted_to = 0
        i = 0
        rfind, bare = data.rfind, ends_in.bare
        for k in range(len(hits)) if gh_cli else marked:
            if k > i:
                self._add_plain(hits, i, k, touched)
            i = k + 1
            le = hits[k]
            if le in quiet or le in endgroups and not self.sections[-1].in_header:
                continue
            ls = rfind(b"\n", 0, le) + 1  # line_start and ends_in, written out: tens of thousands of lines
            if has_cr:
                ls = rfind(b"\r", ls, le) + 1 or ls
            raw = data[ls : min(le, ls + MAX_LINE_KEEP)]
            line_no += newlines(data, counted_to, ls)
            if bare:
                line_no += bisect.bisect_left(bare, ls) - bisect.bisect_left(bare, counted_to)
            counted_to = ls
            refs.append((ls, line_no))
            self._pos = self._line_at = ls
            if counts_first and not counts(raw):
                # `gh run view --log`: a line's step column opens its step, so a line that counts for nothing
                # must not (else the steps would depend on the prefilter). Structural lines all count.
                continue
            if not self._structure(line_no, raw):
                continue
            marker = "error" if b"##[error]" in raw else "warning" if b"##[warning]" in raw else ""
            self._add_slot(self.sections[-1], (ls, le, marker), touched)
        if i < len(hits):
            self._add_plain(hits, i, len(hits), touched)
        block_ends = line_no - self.lines_done - 1 + ends_in(counted_to, len(data))
        self._last_line = _line_of(hits[-1], refs, ends_in)
        if counts is not None:
            self._resolve(touched)
        self._settle(touched)
        self._held = _Held(data, refs, ends_in, touched)
        return block_ends

    def _settle(self, now: list[list] | None) -> None:
        """Turn the slots the previous block left in steps, where still held, into Records.

        Deferred by one block: most steps of a big log give way to newer ones (MAX_STEPS_WITH_RECORDS)
        within the next block, and their slots then never cost a Record (#21). ``now`` is this block's
        bookkeeping: its first step may be the previous block's last, which then holds both blocks' slots.
        """
        held, self._held = self._held, None
        if held is None:
            return
        spans = []
        for sec, h0, added in held.touched:
            h1, added_now = len(sec.head), 0
            if now and now[0][0] is sec:
                h1, added_now = now[0][1], now[0][2]
            h1 = min(h1, len(sec.head))  # a dropped step's head is empty
            cut = len(sec.tail) - min(added_now, len(sec.tail))  # where this block's slots start
            t0 = max(0, cut - added)
            if h0 < h1 or t0 < cut:
                spans.append((sec, h0, h1, t0, cut))
        if not spans:
            return
        slots = [s for sec, h0, h1, t0, cut in spans for s in (*sec.head[h0:h1], *islice(sec.tail, t0, cut))]
        numbers = _number(slots, held.refs, held.ends_in)
        data, has_cr = held.data, held.ends_in.has_cr
        for sec, h0, h1, t0, cut in spans:
            head = sec.head
            for j in range(h0, h1):
                head[j] = _record(data, head[j], numbers, has_cr)
            if t0 < cut:
                items = list(sec.tail)
                items[t0:cut] = [_record(data, r, numbers, has_cr) for r in items[t0:cut]]
                sec.tail = deque(items, maxlen=TAIL_RECORDS)

    def _touch(self, sec: Section, touched: list[list]) -> list:
        """The bookkeeping entry of ``sec`` for this block (steps are touched in order, never again later)."""
        if not touched or touched[-1][0] is not sec:
            touched.append([sec, len(sec.head), 0])
            if not sec.candidates:
                self._recorded.append(sec)
        return touched[-1]

    def _add_plain(self, hits: list[int], a: int, b: int, touched: list[list]) -> None:
        """Give the plain hit lines ``hits[a:b]`` to the current step: head first, then its bounded tail."""
        sec = self.sections[-1]
        if sec.in_header:
            return
        if self._counts is not None:
            if not sec.unread:
                self._unread.append(sec)
            sec.unread += hits[a:b]
            sec.candidates += b - a
            return
        entry = self._touch(sec, touched)
        sec.candidates += b - a
        room = HEAD_RECORDS - len(sec.head)
        if room > 0:
            sec.head += hits[a : min(b, a + room)]
            a += room
        if a < b:
            a = max(a, b - TAIL_RECORDS)
            sec.tail.extend(hits[a:b])
            entry[2] += b - a

    def _resolve(self, touched: list[list]) -> None:
        """With ``counts``, at a block's end: each step given hit lines keeps only those ``counts`` accepts.

        A step holds candidate lines (and competes for the MAX_STEPS_WITH_RECORDS places) only once one
        of its lines counts; its head takes the first such lines, its bounded tail the last (read from the
        end). So a line the prefilter passes that counts for nothing never takes a line's place (#17, #21).
        Reading waits for the block's end so that the steps that give way are read no further than their
        first line that counts: most steps of a big log give way, and reading a line costs ~10 us."""
        data, has_cr, counts = self._data, self._has_cr, self._counts
        steps, self._unread = self._unread, []

        def keeps(item: Any) -> bool:
            return _counts_item(counts, data, has_cr, item)

        firsts: dict[Section, int] = {}  # step -> index of its first unread line known to count (-1: not read)
        newer = 0  # steps of this block after the one looked at that hold lines
        for sec in reversed(steps):  # newest first: see below
            if sec.dropped:
                continue
            if sec.head or sec.tail:  # holds lines already
                firsts[sec] = -1
                newer += 1
                continue
            if newer >= MAX_STEPS_WITH_RECORDS and not sec.errors:
                # _drop_excess would make it give way at once (the oldest steps without errors go first,
                # and it has MAX_STEPS_WITH_RECORDS newer steps holding lines): its lines are not read.
                # Its errors are final (only the block's last step goes on, and it is the newest).
                continue
            first = next((i for i, item in enumerate(sec.unread) if keeps(item)), None)
            if first is not None:
                firsts[sec] = first
                newer += 1
        self._recorded += [sec for sec in steps if firsts.get(sec, -1) >= 0]
        self._drop_excess()
        for sec in steps:
            items, sec.unread = sec.unread, []
            if sec not in firsts or sec.dropped:
                continue
            first = firsts[sec]
            if first >= 0 and len(items) - first <= HEAD_RECORDS + TAIL_RECORDS and sec is not self.sections[-1]:
                # A step done within this block whose lines all fit: head and tail keep every line from its
                # first that counts, and finish drops those that do not count (_filter). Most steps give way
                # to newer ones before (_drop_excess), and their lines are never read.
                sec.head += items[first : first + HEAD_RECORDS]
                sec.tail.extend(items[first + HEAD_RECORDS :])
                self._unfiltered.add(sec)
                touched.append([sec, 0, len(sec.tail)])
                continue
            h0, i, room = len(sec.head), max(first, 0), HEAD_RECORDS - len(sec.head)
            while room > 0 and i < len(items):
                if i == first or keeps(items[i]):
                    sec.head.append(items[i])
                    room -= 1
                i += 1
            tail: list = []
            j = len(items)
            while j > i and len(tail) < TAIL_RECORDS:
                j -= 1
                if keeps(items[j]):
                    tail.append(items[j])
            tail.reverse()
            sec.tail.extend(tail)
            touched.append([sec, h0, len(tail)])

    def _filter(self) -> None:
        """Keep only the lines ``counts`` accepts in the steps _resolve left unfiltered (once, in finish).

        The same head and tail as reading them in _resolve: such a step kept every line from its first that
        counts, within HEAD_RECORDS + TAIL_RECORDS lines. Its Records' ``raw`` is the line ``counts`` reads."""
        counts = self._counts
        for sec in self._unfiltered:
            kept = [r for r in (*sec.head, *sec.tail) if counts(r.raw)]
            sec.head, sec.tail = kept[:HEAD_RECORDS], deque(kept[HEAD_RECORDS:], maxlen=TAIL_RECORDS)
        self._unfiltered.clear()

    def _add_slot(self, sec: Section, slot: tuple[int, int, str], touched: list[list]) -> None:
        if self._counts is not None:
            if not sec.unread:
                self._unread.append(sec)
            sec.unread.append(slot)
            sec.candidates += 1
            return
        entry = self._touch(sec, touched)
        sec.candidates += 1
        if len(sec.head) < HEAD_RECORDS:
            sec.head.append(slot)
        else:
            sec.tail.append(slot)
            entry[2] += 1

    # -- chunks -------------------------------------------------------------------
    def consume(self, block: Prepared) -> None:
        """Walk a prepared block: steps, candidate lines, step text and windows."""
        if self.total_bytes == 0:
            self.binary = looks_binary(block.head)
            self.format = detect_format(decode(block.head))
            if self.format == FORMAT_GITHUB_CLI:
                self.sections[0].name = ""
        self.total_bytes += block.raw_size
        data = block.data
        ends_in = _LineEnds(data)
        if not self._in_long and not block.complete:
            self.long_lines += 1
        self._text_from = 0
        if block.hits:
            block_ends = self._candidates(data, block.hits, ends_in, block.marked, block.quiet, block.endgroups)
        else:
            block_ends = ends_in(0, len(data))
        self._flush_text(data)
        self._text_from = 0
        if self.windows:
            self._keep_windows(data)
        self.lines_done += block_ends
        self._open_line = block.tail_open
        self._in_long = not block.complete

    def _keep_windows(self, data: bytes) -> None:
        """Append this block's bytes to the tail window of each step it covers (bounded per step and in steps)."""
        sec, a, line = self._block_sec or self.sections[0], 0, self.lines_done + 1
        for nxt, pos in self._block_starts:
            self._window_add(sec, data, a, pos, line)
            self._window_done(sec)
            sec, a, line = nxt, pos, nxt.start_line
        self._window_add(sec, data, a, len(data), line)
        self._block_starts.clear()
        self._block_sec = self.sections[-1]

    def _window_done(self, sec: Section) -> None:
        """``sec`` ended: a window it keeps outside the MAX_WINDOWS (see WINDOW_MEMORY) is final; past the
        memory budget it goes to the spill file."""
        if sec is not self._ghost:
            return
        self._ghost = None
        w = sec._window
        if len(w) <= self._window_memory:
            self._window_memory -= len(w)
            return
        try:
            if self._spill is None:
                self._spill = _WindowSpill()
            sec._window = self._spill.keep(w)
        except OSError:  # no writable temporary directory, or it is full: windows stay in memory, as before
            self._window_memory = 1 << 62

    def _window_add(self, sec: Section, data: bytes, a: int, b: int, line: int) -> None:
        if b <= a:
            return
        if not sec.window:
            sec.window_line = line
            self._windowed.append(sec)
            if len(self._windowed) > MAX_WINDOWS:
                victim = next((s for s in self._windowed if not s.errors and s.exit_code is None), self._windowed[0])
                victim.window = b""
                del self._windowed[next(i for i, s in enumerate(self._windowed) if s is victim)]
                if victim is sec:  # it fills its window all the same, outside the MAX_WINDOWS: see WINDOW_MEMORY
                    self._ghost = sec
        if b - a >= WINDOW_BYTES:  # this piece alone fills the window: start it at a line inside the piece
            start = b - WINDOW_BYTES
            cut = data.find(b"\n", start, b) + 1 or start
            sec.window_line = line + count_line_ends(data, a, cut)
            sec.window = data[cut:b]
            return
        w = sec.window + data[a:b]
        if len(w) > WINDOW_BYTES:
            start = len(w) - WINDOW_BYTES
            cut = w.find(b"\n", start) + 1 or start
            sec.window_line += count_line_ends(w, 0, cut)
            w = w[cut:]
        sec.window = w

    def finish(self) -> ScanResult:
        total = self.lines_done + (1 if self._open_line else 0)
        if self.sections:
            self.sections[-1].end_line = max(self.sections[-1].start_line, total)
        if self.format == FORMAT_PLAIN and self.sections[0].kind == KIND_SETUP:
            self.sections[0].name, self.sections[0].kind = "", KIND_LOG
        self._settle(None)
        self._filter()
        return ScanResult(
            sections=self.sections,
            total_lines=total,
            total_bytes=self.total_bytes,
            log_format=self.format,
            binary=self.binary,
            candidates=self.candidates,
            long_lines=self.long_lines,
        )


class Prepared(_Fields):
    """A chunk made ready for the walk: what is computed from the chunk's bytes alone.

    Preparing a chunk (stripping colour codes, the multi-pattern scan) needs nothing the walk learns:
    the split keeps the byte-level work (C) apart from the per-line work (Python) it feeds.
    """

    _FIELDS = ("data", "raw_size", "complete", "tail_open", "head", "hits", "marked", "quiet", "endgroups")

    def __init__(self, data: bytes, raw_size: int, complete: bool, tail_open: bool, head: bytes, hits: list[int],
                 marked: list[int], quiet: set[int] | None = None, endgroups: set[int] | None = None):
        self.data = data  # the chunk without ANSI escape sequences
        self.raw_size = raw_size  # bytes of the chunk as read
        self.complete = complete  # False for a piece of an over-long line
        # the raw chunk ends inside a line (judged before stripping: a piece made only of colour codes still
        # continues a line)
        self.tail_open = tail_open
        self.head = head  # the first chunk's first 64 KiB as read (binary and format detection), else b""
        self.hits = hits  # ends of the hit lines (LineFinder.ends)
        self.marked = marked  # indexes in hits of the lines holding a step marker (LineFinder.marked)
        self.quiet = quiet or set()  # ends of group lines the walk passes over (LineFinder.quiet)
        self.endgroups = endgroups or set()  # ends of `##[endgroup]` lines (LineFinder.endgroups)


class Preparer:
    """Prepares the chunks of one log in order (the line finder's engine choice depends on what it saw)."""

    def __init__(self, prefilter: Any, size: int | None):
        source = getattr(prefilter, "pattern", "")
        self._finder = LineFinder(prefilter, source.decode() if isinstance(source, bytes) else source, size=size)
        self._first = True

    def __call__(self, chunk: Chunk) -> Prepared:
        raw = chunk.data
        head = raw[:65536] if self._first else b""
        self._first = False
        data = strip_ansi(raw)
        hits = self._finder.ends(data, b"\r" in data)
        tail_open = bool(raw) and not raw.endswith((b"\n", b"\r"))
        finder = self._finder
        return Prepared(data, len(raw), chunk.complete, tail_open, head, hits, finder.marked, finder.quiet,
                        finder.endgroups)


def bare_crs_py(data: bytes) -> list[int]:
    """Offsets of the carriage returns that end a line by themselves (not followed by \n).

    The regex engine skips the \r\n pairs in C (no copy of the block); Python only sees the bare ones. The
    native form (native.py) gives the same list without a match object per offset (~0.1 s at 200 MB; #21)."""
    if b"\r" not in data:
        return []
    return [m.start() for m in BARE_CR.finditer(data)]


bare_crs = NATIVE.bare_crs if NATIVE is not None else bare_crs_py


def newlines_py(data: bytes, start: int, end: int) -> int:
    """``data.count(b"\n", start, end)``. The native form counts eight bytes at a time: the scan counts every
    \n of the log to number lines, ~0.08 s at 200 MB with CPython's byte loop, ~0.01 s natively (#21)."""
    return data.count(b"\n", start, end)


newlines = NATIVE.newlines if NATIVE is not None else newlines_py


class _LineEnds:
    """Universal-newline line ends in ``data[a:b]``: ``\n`` counted by C, bare ``\r`` by bisecting their offsets.

    ``a``/``b`` must not split a ``\r\n`` pair.
    """

    __slots__ = ("bare", "data", "has_cr")

    def __init__(self, data: bytes):
        self.data = data
        self.has_cr = b"\r" in data
        self.bare = bare_crs(data)

    def __call__(self, a: int, b: int) -> int:
        n = newlines(self.data, a, b)
        if self.bare:
            n += bisect.bisect_left(self.bare, b) - bisect.bisect_left(self.bare, a)
        return n


def _counts_item(counts: Callable[[bytes], bool], data: bytes, has_cr: bool, item: Any) -> bool:
    """``counts`` of the line a kept item stands for (a plain line's end, or a marker line's slot)."""
    if type(item) is int:
        ls = line_start(data, item, has_cr)
        return counts(data[ls : min(item, ls + MAX_LINE_KEEP)])
    return counts(data[item[0] : min(item[1], item[0] + MAX_LINE_KEEP)])


def _key(slot: Any) -> int:
    """The end offset naming a slot (a plain line's slot is that offset itself)."""
    return slot if type(slot) is int else slot[1]


def _number(slots: list, refs: list[tuple[int, int]], ends_in: _LineEnds) -> dict[int, int]:
    """Line numbers of the slots (by end offset), each counted from the nearest line known before it: a
    marker line (``refs``) or the previous slot."""
    numbers: dict[int, int] = {}
    j = 0
    at, line_no = refs[0]
    for pos in sorted(map(_key, slots)):
        while j + 1 < len(refs) and refs[j + 1][0] <= pos:
            j += 1
            if refs[j][0] > at:
                at, line_no = refs[j]
        line_no += ends_in(at, pos)
        at = pos
        numbers[pos] = line_no
    return numbers


def _line_of(pos: int, refs: list[tuple[int, int]], ends_in: _LineEnds) -> int:
    """Line number of the line holding offset ``pos``, counted from the last marker line before it."""
    for at, line_no in reversed(refs):
        if at <= pos:
            return line_no + ends_in(at, pos)
    return refs[0][1] + ends_in(refs[0][0], pos)


class _Held(_Fields):
    """A block kept until the next one is scanned, with what numbering its slots needs."""

    _FIELDS = ("data", "refs", "ends_in", "touched")

    def __init__(self, data: bytes, refs: list[tuple[int, int]], ends_in: _LineEnds, touched: list[list]):
        self.data = data
        self.refs = refs
        self.ends_in = ends_in
        self.touched = touched


def _record(data: bytes, slot: Any, numbers: dict[int, int], has_cr: bool) -> Record:
    """A kept line with up to CONTEXT_LINES lines (and CONTEXT_BYTES bytes) of context each side."""
    if type(slot) is int:
        ls, le, marker = line_start(data, slot, has_cr), slot, ""
    else:
        ls, le, marker = slot
    line_no = numbers[le]
    b = ls
    for _ in range(CONTEXT_LINES):
        if b <= 0:
            break
        b = data.rfind(b"\n", 0, b - 1) + 1
    b = max(b, ls - CONTEXT_BYTES)
    a = le
    for _ in range(CONTEXT_LINES):
        if a >= len(data):
            break
        nxt = data.find(b"\n", a + 1)
        a = len(data) if nxt == -1 else nxt
    a = min(a, le + CONTEXT_BYTES)
    return Record(line_no, data[ls : min(le, ls + MAX_LINE_KEEP)], data[b:ls], data[le:a], marker)


def _kind_of_step_name(name: str) -> str:
    if name.startswith("Post "):
        return KIND_POST
    if name == "Set up job":
        return KIND_SETUP
    if name == "Complete job":
        return KIND_COMPLETE
    return KIND_STEP


def scan(source: Any, prefilter: Any, *, chunk_size: int = CHUNK_SIZE,
         on_chunk: Callable[[int], None] | None = None, windows: bool = False,
         counts: Callable[[bytes], bool] | None = None) -> ScanResult:
    """Scan a log (str, bytes or binary stream) once, in bounded memory.

    With ``windows`` each step also keeps its last WINDOW_BYTES (for novelty against a baseline).
    With ``counts`` a step keeps only the hit lines (raw, ANSI stripped, up to MAX_LINE_KEEP bytes) it
    accepts, its bounded head and tail included: analyze passes "a rule matches it", so the lines kept do
    not depend on how loose the prefilter is (#17, #21). Step markers do their work either way.
    """
    scanner = _Scanner(prefilter, windows, size_of(source), counts)
    prepare = scanner._prepare
    for chunk in iter_chunks(source, chunk_size):
        scanner.consume(prepare(chunk))
        if on_chunk:
            on_chunk(scanner.total_bytes)
    return scanner.finish()
