"""Start-up time: ``cityos run`` from an empty ``var/`` until every service answers ``/health``, then
a second start on the ``var/`` the first one left.

Usage: ``python bench/startup.py [--runs 3]``. Each run uses a fresh temporary ``var/`` (SQLite) and
fresh ports; it prints each start's seconds and the step times ``cityos run`` printed, then the
median of each kind. The virtualenv is assumed made (``make run`` makes it once).
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
from pathlib import Path

from cityos.testing.launcher import running_platform

STEP = re.compile(r"^cityos: (.+) \((\d+\.\d)s\)$", re.MULTILINE)


def start_once(directory: Path) -> tuple[float, list[tuple[str, str]]]:
    with running_platform(directory, timeout=300) as platform:
        seconds, output = platform.started_in, platform.output()
        platform.interrupt()
    return seconds, STEP.findall(output)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    figures: dict[str, list[float]] = {"first start": [], "second start": []}
    for run in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="cityos-startup-") as tmp:
            for kind in figures:
                seconds, steps = start_once(Path(tmp))
                figures[kind].append(seconds)
                shown = "; ".join(f"{name.split(': ')[-1]} {time}s" for name, time in steps)
                print(f"run {run + 1}, {kind}: healthy in {seconds:.1f} s ({shown})")
    for kind, values in figures.items():
        middle, low, high = statistics.median(values), min(values), max(values)
        print(f"{kind}: median {middle:.1f} s, min {low:.1f} s, max {high:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
