"""Benchmark: `workbook footprint` end to end, as a participant runs it.

Run: .venv/bin/python benchmarks/bench_footprint_cli.py [--inputs DIR] [--timeout S] [--only NAME]

Cases (wall time and peak RSS of the whole CLI process, see cli_run.py):
- a filled template with 100,000 activity lines, `--json` (goal: under 5 s) and `--json --out`
  (the results workbook, written in streaming mode: goal a few seconds, bounded memory);
- an activity CSV with 1,000,000 lines, `--json` (goal: under 5 s and under 600 MB) and
  `--json --out` (more lines than an Excel sheet holds: the lines go to a CSV beside the workbook).

Inputs are generated once with a fixed seed into ``--inputs`` (kept there, so the same files can
be measured against another checkout: ``WORKBOOK_SRC=/path/to/checkout`` runs that package).
"""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from cli_run import HEADER, run

TEMPLATE_ROWS, CSV_LINES, GOAL_S, GOAL_MB = 100_000, 1_000_000, 5.0, 600
# (sheet, activity, category, unit, country) — a mix over every data sheet.
CHOICES = [("Fuels", "natural_gas", None, "m3", "NL"), ("Fuels", "diesel", None, "litre", "NL"),
           ("Energy", "electricity", None, "kWh", "NL"), ("Energy", "electricity", None, "MWh", "CN"),
           ("Purchased goods", "garments", 1, "kg", "CN"), ("Purchased goods", "spend_fabric", 1, "EUR", ""),
           ("Transport", "sea_freight_tkm", 4, "tkm", ""), ("Travel", "car_km", 7, "vkm", "NL"),
           ("Waste", "residual_waste_incineration", 5, "t", "NL")]
SCOPE = {"Fuels": 1, "Energy": 2}


def filled_rows(n: int, seed: int = 2025) -> pd.DataFrame:
    from workbook.climate.footprint.calculate import ACTIVITY_COLUMNS

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


def make_template(path: Path, n: int) -> None:
    from workbook.climate.footprint.inventory import Company
    from workbook.climate.footprint.template import write_template

    write_template(path, company=Company(name="Bench BV", sector="clothing", reporting_year=2025,
                                         base_year=2025), rows=filled_rows(n))


def make_csv(path: Path, n: int, seed: int = 2026) -> None:
    rng = np.random.default_rng(seed)
    pick = rng.integers(len(CHOICES), size=n)
    c = [CHOICES[i] for i in pick]
    df = pd.DataFrame({"scope": [SCOPE.get(x[0], 3) for x in c],
                       "category": [x[2] if x[2] else "" for x in c], "activity": [x[1] for x in c],
                       "country": [x[4] for x in c], "quantity": rng.uniform(1, 1e4, n).round(2),
                       "unit": [x[3] for x in c], "year": 2025,
                       "description": [f"invoice {i}" for i in range(n)]})
    df.to_csv(path, index=False)


def inputs(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {"template": folder / f"template_{TEMPLATE_ROWS // 1000}k.xlsx",
             "csv": folder / f"activities_{CSV_LINES // 1000}k.csv"}
    if not files["template"].exists():
        make_template(files["template"], TEMPLATE_ROWS)
    if not files["csv"].exists():
        make_csv(files["csv"], CSV_LINES)
    return files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", type=Path, help="folder for the generated inputs (kept)")
    ap.add_argument("--timeout", type=float, default=900, help="stop a run after this many seconds")
    ap.add_argument("--only", help="run only cases whose label contains this text")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = inputs(args.inputs or Path(tmp) / "inputs")
        for name, path in files.items():
            print(f"input {name}: {path.name} ({path.stat().st_size / 1e6:.1f} MB)")
        cases = [
            (f"footprint template {TEMPLATE_ROWS // 1000}k --json", [str(files["template"]), "--json"]),
            (f"footprint template {TEMPLATE_ROWS // 1000}k --json --out", [str(files["template"]), "--json",
                                                                            "--out", str(Path(tmp) / "t.xlsx")]),
            (f"footprint CSV {CSV_LINES // 1000}k lines --json", [str(files["csv"]), "--json"]),
            (f"footprint CSV {CSV_LINES // 1000}k lines --json --out", [str(files["csv"]), "--json",
                                                                         "--out", str(Path(tmp) / "c.xlsx")]),
        ]
        print(HEADER)
        for label, a in cases:
            if args.only and args.only not in label:
                continue
            r = run(["footprint", *a], timeout=args.timeout)
            extra = ""
            if r.status == 0:
                total = json.loads(r.stdout)["total_location"]
                extra = f"  total {total:,.0f} t CO2e"
            elif r.status is not None:
                extra = "  " + (r.stderr.strip().splitlines() or [""])[-1][:100]
            print(r.line(label) + extra, flush=True)
        print(f"goals: CSV {CSV_LINES:,} lines under {GOAL_S:g} s and {GOAL_MB} MB; template --out a few seconds")


if __name__ == "__main__":
    main()
