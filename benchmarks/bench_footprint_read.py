"""Benchmark: reading a filled template with calamine (what the workbook uses) against openpyxl.

Run: .venv/bin/python benchmarks/bench_footprint_read.py
Writes a 50,000-line template with the package's own writer in a temporary directory (fixed
seed), then reads the raw cell values of every data sheet: calamine, openpyxl in read-only mode
(its fastest) and openpyxl in normal mode (best of 3 each). The ratio is the reason the reader
uses calamine. Also times the full validated read (read_template).
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench_footprint_cli import filled_rows

from workbook.climate.footprint.inventory import Company
from workbook.climate.footprint.template import DATA_SHEETS, read_template, write_template

ROWS = 50_000


def with_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return sum(len(book.get_sheet_by_name(s.name).to_python(skip_empty_area=False)) for s in DATA_SHEETS)


def with_openpyxl(path: Path, read_only: bool) -> int:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=read_only, data_only=True)
    n = sum(sum(1 for _ in wb[s.name].iter_rows(values_only=True)) for s in DATA_SHEETS)
    if read_only:
        wb.close()
    return n


def best(fn, *args, repeat: int = 3) -> tuple[float, int]:
    times, n = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        n = fn(*args)
        times.append(time.perf_counter() - t0)
    return min(times), n


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "template.xlsx"
        write_template(path, company=Company(name="Bench BV", sector="clothing", reporting_year=2025),
                       rows=filled_rows(ROWS))
        print(f"template with {ROWS:,} activity lines ({path.stat().st_size / 1e6:.1f} MB)")
        t_cal, n_cal = best(with_calamine, path)
        t_ro, n_ro = best(with_openpyxl, path, True)
        t_rw, n_rw = best(with_openpyxl, path, False, repeat=1)
        assert n_cal >= ROWS and n_ro >= ROWS and n_rw >= ROWS, (n_cal, n_ro, n_rw)
        print(f"raw cell values of the data sheets: calamine {t_cal:.2f} s; openpyxl read-only {t_ro:.2f} s "
              f"(ratio {t_ro / t_cal:.1f}x); openpyxl normal mode {t_rw:.2f} s (ratio {t_rw / t_cal:.1f}x)")
        t0 = time.perf_counter()
        _, acts, _, problems = read_template(path, strict=False)
        t_full = time.perf_counter() - t0
        print(f"read_template (calamine + validation of every cell): {t_full:.2f} s for {len(acts):,} rows, "
              f"{len(problems)} problems")


if __name__ == "__main__":
    main()
