"""Resident memory of the whole platform from ``cityos run``: three services, three workers, demo data, idle.

Usage: ``python bench/memory.py [--idle SECONDS]``. Prints RSS and PSS per process and the totals;
the budget is 1 GB resident for everything.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from cityos.testing.launcher import running_platform

BUDGET_MB = 1024


def kib(pid: int, path: str, key: str) -> int:
    for line in Path(f"/proc/{pid}/{path}").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def role(pid: int) -> str:
    args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    words = [a.decode() for a in args if a]
    if "run" in words:
        return "cityos run (supervisor)"
    for verb in ("serve", "worker"):
        if verb in words:
            service = words[words.index(verb) + 1]
            return f"{service} {'web' if verb == 'serve' else 'worker'}"
    return " ".join(words)[:60] or "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--idle", type=float, default=10.0, help="seconds to sit idle before measuring")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, running_platform(Path(tmp)) as platform:
        time.sleep(args.idle)
        pids = sorted({platform.proc.pid, *platform.processes_left()})
        rows = [
            (role(pid), pid, kib(pid, "status", "VmRSS"), kib(pid, "smaps_rollup", "Pss")) for pid in pids
        ]
    print(f"{'process':<28}{'pid':>8}{'RSS MB':>10}{'PSS MB':>10}")
    for name, pid, rss, pss in sorted(rows):
        print(f"{name:<28}{pid:>8}{rss / 1024:>10.1f}{pss / 1024:>10.1f}")
    total_rss = sum(r[2] for r in rows) / 1024
    total_pss = sum(r[3] for r in rows) / 1024
    print(f"{'total':<36}{total_rss:>10.1f}{total_pss:>10.1f}")
    verdict = "within" if total_rss < BUDGET_MB else "OVER"
    print(f"{len(rows)} processes, {total_rss:.0f} MB resident: {verdict} the {BUDGET_MB} MB budget")


if __name__ == "__main__":
    main()
