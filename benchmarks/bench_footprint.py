"""Benchmark: the calculation for 1,000,000 activity lines (goal: under 1 s on a 2-core machine),
and the ratio against a plain per-row loop (measured on 20,000 rows, scaled)."""
import time

import numpy as np
import pandas as pd

from workbook.climate.calculate import calculate_lines, calculate_rows_loop

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


def main() -> None:
    calculate_lines(rows(1000), reporting_year=2025)  # warm the caches (pint, factor table)
    big = rows(1_000_000)
    t0 = time.perf_counter()
    lines = calculate_lines(big, reporting_year=2025)
    t_vec = time.perf_counter() - t0
    small = rows(20_000)
    t0 = time.perf_counter()
    calculate_rows_loop(small, reporting_year=2025)
    t_loop = (time.perf_counter() - t0) * 50
    print(f"calculation, 1,000,000 activity lines -> {len(lines):,} emission lines: {t_vec:.2f} s (goal < 1 s)")
    print(f"plain per-row loop, scaled from 20,000 rows: {t_loop:.1f} s; ratio {t_loop / t_vec:.0f}x")


if __name__ == "__main__":
    main()
