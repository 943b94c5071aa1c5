"""Benchmark: forced-labour risk of a supplier map, the scoring alone and the whole command.

Run: .venv/bin/python benchmarks/bench_risk.py [--inputs DIR] [--timeout S] [--only NAME]

1. The scoring of 100,000 supplier rows in-process (goal: under 2 s; best of 3 after a warm-up).
2. `workbook risk SUPPLIERS --out RESULTS.xlsx` end to end in a new process (wall time
   and peak RSS of the whole process, see cli_run.py): reading, validating, scoring and writing.
   Goals: 100,000 suppliers under 10 s and 600 MB, 1,000,000 under 60 s.

Inputs are generated once with a fixed seed into ``--inputs`` (kept there, so the same files can
be measured against another checkout: ``WORKBOOK_SRC=/path/to/checkout`` runs that package).
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from cli_run import HEADER, run
from workbook.forced_labour.hrdd import facts as hrdd_data, risk

ROWS, GOAL_S = 100_000, 2.0
CLI_GOALS = {100_000: (10.0, 600), 1_000_000: (60.0, None)}
KEYS = ["supplier", "tier", "country", "goods", "process", "material", "material_origin", "workforce",
        "migrant_agency_share_pct", "recruitment_channel", "audit_findings", "red_flags", "notes"]


def synthetic(n: int, seed: int = 20261125) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    countries = [r["iso2"] for r in hrdd_data.table("country_risk.csv")] + ["JP", "FR", "US"]
    goods = [r["good"] for r in hrdd_data.table("goods.csv")]
    processes = [r["process"] for r in hrdd_data.table("process_risk.csv")] + [""]
    flags = [r["code"] for r in hrdd_data.table("red_flags.csv") if not r["derived_from"]]
    flag_sets = [""] * 6 + [";".join(sorted(rng.choice(flags, size=k, replace=False))) for k in (1, 1, 2, 3)]
    pick = lambda xs: np.asarray(xs, dtype=object)[rng.integers(0, len(xs), n)]  # noqa: E731
    share = rng.uniform(0, 100, n).round(1)
    share[rng.random(n) < 0.4] = np.nan
    workforce = rng.integers(5, 5000, n).astype(float)
    workforce[rng.random(n) < 0.2] = np.nan
    return pd.DataFrame({
        "row": np.arange(2, n + 2), "supplier": [f"Supplier {i}" for i in range(n)],
        "tier": rng.integers(1, 5, n), "country": pick(countries), "goods": pick(goods),
        "process": pick(processes), "material": pick(["", "cotton", "timber", "leather", "polyester"]),
        "material_origin": pick(["", "", "CN", "TM", "IN", "BY", "US"]), "workforce": workforce,
        "migrant_agency_share_pct": share,
        "recruitment_channel": pick(["", "direct hire", "local agency", "unknown"]),
        "audit_findings": pick(["", "no findings", "forced-labour indicators found", "audit refused"]),
        "red_flags": pick(flag_sets), "notes": "",
    })


def write_csv(path: Path, n: int) -> None:
    synthetic(n)[KEYS].to_csv(path, index=False)


def write_xlsx(path: Path, n: int) -> None:
    """A supplier-map workbook (sheet Suppliers), written in streaming mode."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Suppliers")
    ws.append(KEYS)
    for rec in synthetic(n)[KEYS].itertuples(index=False, name=None):
        ws.append([None if isinstance(v, float) and np.isnan(v) else v for v in rec])
    wb.save(path)


def scoring() -> None:
    table = synthetic(ROWS)
    risk.score_suppliers(table.head(100))  # warm-up: loads and checks the data files
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        scored = risk.score_suppliers(table)
        times.append(time.perf_counter() - t0)
    best = min(times)
    print(f"risk scoring of {ROWS:,} supplier rows: best {best:.3f} s of 3 runs "
          f"({', '.join(f'{t:.3f}' for t in times)}); goal < {GOAL_S} s -> {'OK' if best < GOAL_S else 'TOO SLOW'}")
    print("levels:", scored["level"].value_counts().to_dict())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", type=Path, help="folder for the generated inputs (kept)")
    ap.add_argument("--timeout", type=float, default=900, help="stop a run after this many seconds")
    ap.add_argument("--only", help="run only cases whose label contains this text")
    ap.add_argument("--no-scoring", action="store_true", help="skip the in-process scoring benchmark")
    args = ap.parse_args()
    if not args.no_scoring:
        scoring()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.inputs or Path(tmp) / "inputs"
        folder.mkdir(parents=True, exist_ok=True)
        files = {}
        for n in (100_000, 1_000_000):
            files[f"CSV {n // 1000}k"] = folder / f"suppliers_{n // 1000}k.csv", n, write_csv
        files["xlsx 100k"] = folder / "suppliers_100k.xlsx", 100_000, write_xlsx
        print(HEADER)
        for i, (label, (path, n, writer)) in enumerate(files.items()):
            full = f"risk {label} suppliers --out"
            if args.only and args.only not in full:
                continue
            if not path.exists():
                writer(path, n)
            r = run(["risk", str(path), "--out", str(Path(tmp) / f"r{i}.xlsx")], timeout=args.timeout)
            goal = CLI_GOALS.get(n)
            extra = ""
            if r.status is not None and r.status != 0:
                extra = "  " + (r.stderr.strip().splitlines() or [""])[-1][:100]
            elif goal and r.status == 0:
                ok = r.seconds < goal[0] and (goal[1] is None or r.peak_mb < goal[1])
                extra = f"  goal < {goal[0]:g} s" + (f", < {goal[1]} MB" if goal[1] else "") + \
                        (": met" if ok else ": NOT met")
            print(r.line(full) + extra, flush=True)


if __name__ == "__main__":
    main()
