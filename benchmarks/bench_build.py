"""How long `workbook build` takes, against the floor of executing one empty notebook per
course notebook in the same run; and the import time of `workbook`.

Run: .venv/bin/python benchmarks/bench_build.py [--jobs N] [--repeat R]
Not part of the test run: timings on a shared 2-core machine vary.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from workbook.course.build import build, course_notebooks, execute, kernel_environment


def empty_notebook_floor(n: int, home: Path) -> float:
    """Seconds to execute ``n`` empty notebooks (kernel start-up and shut-down only)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("solution_mode = True", metadata={"tags": ["parameters"]})]
    start = time.perf_counter()
    with kernel_environment(home):
        for _ in range(n):
            execute(nb, home, {"solution_mode": True})
    return time.perf_counter() - start


def import_time(repeat: int = 7) -> tuple[float, float]:
    """Median wall time of `python -c 'import workbook'` and of `python -c pass` (seconds)."""
    def run(code: str) -> float:
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    return run("import workbook"), run("pass")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    notebooks = course_notebooks()
    with tempfile.TemporaryDirectory() as tmp:
        builds, floors = [], []
        for _ in range(args.repeat):
            t = time.perf_counter()
            outcomes = build(check=False, jobs=args.jobs, progress=False, out_dir=Path(tmp) / "solutions")
            builds.append(time.perf_counter() - t)
            failed = [o for o in outcomes if o.status == "failed"]
            if failed:
                sys.exit(f"build failed: {failed}")
            floors.append(empty_notebook_floor(len(notebooks), Path(tmp)))
    b, f = statistics.median(builds), statistics.median(floors)
    imp, bare = import_time()
    print(f"notebooks: {len(notebooks)}, jobs: {args.jobs}, repeat: {args.repeat}")
    print(f"workbook build:           {b:6.2f} s")
    print(f"floor (empty notebooks):  {f:6.2f} s  (sequential)")
    print(f"ratio build / floor:      {b / f:6.2f}")
    print(f"import workbook:          {1000 * (imp - bare):6.1f} ms  (over a bare interpreter start of {1000 * bare:.0f} ms)")


if __name__ == "__main__":
    main()
