"""Benchmark: forced-labour risk scoring of 100,000 supplier rows (goal: under 2 s).

Run: .venv/bin/python benchmarks/bench_risk.py
Builds a deterministic synthetic supplier table from the course data (fixed seed), then
times workbook.forced_labour.hrdd.risk.score_suppliers (best of 3 runs, after one warm-up).
"""
from __future__ import annotations

import time

import numpy as np
import pandas as pd

from workbook.forced_labour.hrdd import facts as hrdd_data, risk

ROWS, GOAL_S = 100_000, 2.0


def synthetic(n: int, seed: int = 20261125) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    countries = [r["iso2"] for r in hrdd_data.table("country_risk.csv")] + ["JP", "FR", "US"]
    goods = [r["good"] for r in hrdd_data.table("goods.csv")]
    processes = [r["process"] for r in hrdd_data.table("process_risk.csv")] + [""]
    flags = [r["code"] for r in hrdd_data.table("red_flags.csv") if not r["derived_from"]]
    flag_sets = [""] * 6 + [";".join(sorted(rng.choice(flags, size=k, replace=False))) for k in (1, 1, 2, 3)]
    pick = lambda xs: np.asarray(xs, dtype=object)[rng.integers(0, len(xs), n)]  # noqa: E731
    share = rng.uniform(0, 100, n)
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


def main() -> None:
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


if __name__ == "__main__":
    main()
