"""Benchmark: the facilitator's cohort view of 40 participants (goal: under 1 s).

Run: .venv/bin/python benchmarks/bench_cohort.py [N]
Writes a deterministic demo cohort of N participants' progress files (default 40) in a
temporary folder, then times (a) reading every progress.json and summarising, in one process
with the course content loaded (median of 5 runs), and (b) the whole command
`workbook cohort FOLDER --json` in a fresh interpreter, start-up included (median of 3).
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from workbook.course.cohort import load_cohort, summarise, write_demo_cohort
from workbook.curriculum import load_curriculum
from workbook.exercises import load_bank

GOAL_S = 1.0


def main(n: int = 40) -> int:
    curriculum, bank = load_curriculum(), load_bank()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "homes"
        write_demo_cohort(folder, bank, curriculum, participants=n)
        summarise(load_cohort([folder]), curriculum, bank)  # warm-up
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            report = summarise(load_cohort([folder]), curriculum, bank)
            runs.append(time.perf_counter() - t)
        assert report.participants == n and not report.problems
        cli = []
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "workbook.cli", "cohort", str(folder), "--json"],
                           check=True, capture_output=True)
            cli.append(time.perf_counter() - t)
    inproc, whole = statistics.median(runs), statistics.median(cli)
    print(f"cohort of {n} participants: read + summarise {inproc * 1000:.0f} ms (median of 5), "
          f"whole command {whole:.2f} s (median of 3, interpreter start-up and content loading included)")
    print(f"goal {GOAL_S:.1f} s for reading and summarising: {'met' if inproc < GOAL_S else 'NOT met'}")
    return 0 if inproc < GOAL_S else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 40))
