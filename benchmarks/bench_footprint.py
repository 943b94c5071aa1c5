"""Benchmark: the calculation for 1,000,000 activity lines (goal: under 1 s on a 2-core machine),
and the ratio against a plain per-row loop (measured on 2,000 rows, scaled).

The first timed call starts with empty plan and factor caches (as a fresh process would after
loading the data tables); the repeats show the steady state.
"""
import statistics
import time

import numpy as np
import pandas as pd

from workbook.climate.footprint import calculate, factors
from workbook.climate.footprint.calculate import calculate_lines, calculate_rows_loop

GOAL_S = 1.0
CHOICES = [("natural_gas", 0, "m3", "NL"), ("electricity", 0, "kWh", "NL"), ("garments", 1, "kg", "CN"),
           ("sea_freight_tkm", 4, "tkm", ""), ("car_km", 7, "vkm", "NL"), ("spend_fabric", 1, "EUR", ""),
           ("electricity", 0, "MWh", "CN"), ("residual_waste_incineration", 5, "t", "NL")]


def rows(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    pick = rng.integers(len(CHOICES), size=n)
    c = [CHOICES[i] for i in pick]
    return pd.DataFrame({"file": "bench", "sheet": "Bench", "row": np.arange(n), "year": 2025,
                         "scope": 0, "category": [x[1] for x in c], "activity": [x[0] for x in c],
                         "description": "", "country": [x[3] for x in c], "quantity": rng.uniform(0, 1e4, n),
                         "unit": [x[2] for x in c], "factor_kg_co2e": np.nan, "factor_unit": "",
                         "data_quality": np.nan})


def forget_plans() -> None:
    calculate.plan_cached.cache_clear()
    factors._find_in_database.cache_clear()


def main() -> None:
    calculate_lines(rows(1000), reporting_year=2025)  # load the data tables and the pint registry
    big = rows(1_000_000)
    times = []
    for i in range(4):
        if i == 0:
            forget_plans()
        t0 = time.perf_counter()
        lines = calculate_lines(big, reporting_year=2025)
        times.append(time.perf_counter() - t0)
    small = rows(2_000)
    forget_plans()
    t0 = time.perf_counter()
    calculate_rows_loop(small, reporting_year=2025)
    t_loop = (time.perf_counter() - t0) * (1_000_000 / len(small))
    steady = statistics.median(times[1:])
    print(f"calculation, 1,000,000 activity lines -> {len(lines):,} emission lines")
    print(f"  first call (empty plan cache): {times[0]:.2f} s; steady state (median of 3): {steady:.2f} s "
          f"(goal < {GOAL_S:g} s: {'met' if times[0] < GOAL_S else 'NOT met'})")
    print(f"plain per-row loop, scaled from {len(small):,} rows: {t_loop:.0f} s; "
          f"ratio {t_loop / times[0]:,.0f}x (first call), {t_loop / steady:,.0f}x (steady)")


if __name__ == "__main__":
    main()
