"""Benchmark: `workbook footprint` end to end on a 100,000-line template (goal: under 5 s).

Run: .venv/bin/python benchmarks/bench_footprint_cli.py
Writes a filled template with the package's own writer (fixed seed, a temporary directory),
then runs the real command in a new process, as a participant would, and times it: Python
start-up, reading with calamine, validating every cell, the calculation and the JSON.
A second run also writes the results Excel file (--out).
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from workbook.climate.footprint.calculate import ACTIVITY_COLUMNS
from workbook.climate.footprint.inventory import Company
from workbook.climate.footprint.template import write_template

ROWS, GOAL_S = 100_000, 5.0
# (sheet, activity, category, unit, country) — a mix over every data sheet.
CHOICES = [("Fuels", "natural_gas", None, "m3", "NL"), ("Fuels", "diesel", None, "litre", "NL"),
           ("Energy", "electricity", None, "kWh", "NL"), ("Energy", "electricity", None, "MWh", "CN"),
           ("Purchased goods", "garments", 1, "kg", "CN"), ("Purchased goods", "spend_fabric", 1, "EUR", ""),
           ("Transport", "sea_freight_tkm", 4, "tkm", ""), ("Travel", "car_km", 7, "vkm", "NL"),
           ("Waste", "residual_waste_incineration", 5, "t", "NL")]


def filled_rows(n: int, seed: int = 2025) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    pick = rng.integers(len(CHOICES), size=n)
    c = [CHOICES[i] for i in pick]
    df = pd.DataFrame({"sheet": [x[0] for x in c], "year": 2025, "activity": [x[1] for x in c],
                       "category": [x[2] for x in c], "description": [f"line {i}" for i in range(n)],
                       "country": [x[4] or None for x in c], "quantity": rng.uniform(1, 1e4, n).round(2),
                       "unit": [x[3] for x in c], "factor_kg_co2e": None, "factor_unit": None,
                       "data_quality": None, "notes": ""})
    for col in ACTIVITY_COLUMNS:
        if col not in df.columns:
            df[col] = None
    return df


def run(args: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    exe = Path(sys.executable).with_name("workbook")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "workbook.cli"]
    t0 = time.perf_counter()
    done = subprocess.run(cmd + args, capture_output=True, text=True)
    return time.perf_counter() - t0, done


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "template_100k.xlsx"
        t0 = time.perf_counter()
        write_template(path, company=Company(name="Bench BV", sector="clothing", reporting_year=2025,
                                             base_year=2025), rows=filled_rows(ROWS))
        t_write = time.perf_counter() - t0
        print(f"template with {ROWS:,} activity lines written in {t_write:.1f} s "
              f"({path.stat().st_size / 1e6:.1f} MB)")
        t_json, done = run(["footprint", str(path), "--json"])
        if done.returncode != 0:
            print(done.stdout[-2000:], done.stderr[-2000:])
            raise SystemExit(f"workbook footprint failed with exit status {done.returncode}")
        total = json.loads(done.stdout)["total_location"]
        print(f"workbook footprint IN --json: {t_json:.2f} s (goal < {GOAL_S:g} s: "
              f"{'met' if t_json < GOAL_S else 'NOT met'}); total {total:,.0f} t CO2e location-based")
        t_out, done = run(["footprint", str(path), "--json", "--out", str(Path(tmp) / "results.xlsx")])
        status = "ok" if done.returncode == 0 else f"exit status {done.returncode}"
        print(f"workbook footprint IN --json --out RESULTS.xlsx: {t_out:.2f} s ({status}; the results file "
              f"lists every emission line)")


if __name__ == "__main__":
    main()
