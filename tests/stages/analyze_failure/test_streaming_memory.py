"""`analyze-failure --log` streams the file: its peak memory stays below the log's size (flat in log size)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

LOGS = Path(__file__).resolve().parents[2] / "data" / "logs"
SIZE = 128 * 1024 * 1024

PROBE = """
import sys
from autoheal.cli import main
code = main(sys.argv[1:])
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print("@@", code, hwm)
"""


def test_offline_analysis_memory_stays_below_the_log_size(tmp_path):
    unit = b"".join(p.read_bytes().rstrip(b"\n") + b"\n" for p in sorted(LOGS.glob("*.log")))
    log = tmp_path / "big.log"
    with open(log, "wb") as fh:
        for _ in range(SIZE // len(unit) + 1):
            fh.write(unit)
    size = log.stat().st_size
    proc = subprocess.run([sys.executable, "-c", PROBE, "analyze-failure", "--log", str(log), "--baseline", str(log),
                           "--analysis-file", "out.json"], capture_output=True, text=True, cwd=tmp_path, timeout=600)
    code, hwm_kib = proc.stdout.rsplit("@@", 1)[1].split()
    assert int(code) == 0, proc.stdout[-2000:]
    # Reading the log (or the baseline) whole would alone take `size` bytes.
    assert int(hwm_kib) * 1024 < size, f"peak RSS {int(hwm_kib) // 1024} MiB for a {size >> 20} MiB log"
