"""The CLI's public contract as recorded invocations: command, exit status, stdout, stderr.

``python tests/cli_contract/cases.py --record`` writes ``golden/`` from the current code;
``test_cli_contract.py`` runs the same invocations and compares, so a refactor that changes
what a user sees (text, JSON keys, exit codes) fails with the difference.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("golden")
SAMPLES = "data/companies"

CASES: dict[str, list[str]] = {
    "help": ["--help"],
    "footprint_json": ["footprint", f"{SAMPLES}/noordzee-apparel/footprint.xlsx", "--json"],
    "footprint_text": ["footprint", f"{SAMPLES}/stapvast-footwear/footprint.xlsx"],
    "footprint_missing": ["footprint", "no-such-file.xlsx"],
    "factors_json": ["factors", "--json"],
    "targets_json": ["targets", f"{SAMPLES}/eikenhout-meubelen/footprint.xlsx", "--target-year", "2030", "--submitted", "2026-H2", "--json"],
    "targets_text": ["targets", f"{SAMPLES}/noordzee-apparel/footprint.xlsx", "--target-year", "2030",
                     "--growth", "3%", "--submitted", "2026-H2"],
    "targets_bad_year": ["targets", f"{SAMPLES}/noordzee-apparel/footprint.xlsx", "--target-year", "1990"],
    "risk_json": ["risk", f"{SAMPLES}/noordzee-apparel/supplier_map.xlsx", "--json"],
    "risk_text": ["risk", f"{SAMPLES}/eikenhout-meubelen/supplier_map.xlsx"],
    "flr_json": ["flr-check", "data/forced_labour/flr/scenarios/sofa_export.yaml", "--json"],
    "flr_text": ["flr-check", "data/forced_labour/flr/scenarios/webshop_cotton_tshirts.yaml"],
    "flr_missing": ["flr-check", "no-such-scenario.yaml", "--json"],
    "progress_json": ["progress", "--json"],
    "progress_text": ["progress"],
    "template_exists": ["template", "README.md"],
    "supplier_map_exists": ["supplier-map", "README.md"],
    "link_json": ["link", "--hub", "https://hub.example.org", "--repo", "https://github.com/example-org/course.git",
                  "--json"],
    "link_text": ["link", "--hub", "https://hub.example.org/", "--repo", "https://github.com/example-org/course",
                  "--branch", "cohort-2026", "--notebook", "notebooks/climate/01_ghg_accounting.ipynb"],
    "link_bad_hub": ["link", "--hub", "hub.example.org", "--repo", "https://github.com/example-org/course"],
    "cohort_missing": ["cohort", "no-such-folder", "--json"],
}


def run(name: str, home: Path) -> dict:
    """Run one case from the repository root with an empty progress home."""
    env = {**os.environ, "WORKBOOK_HOME": str(home), "COLUMNS": "100", "PYTHONHASHSEED": "0"}
    env.pop("WORKBOOK_DATA", None)
    proc = subprocess.run([sys.executable, "-m", "workbook.cli", *CASES[name]], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    clean = lambda s: s.replace(str(home), "<home>").replace(str(ROOT), "<repo>")  # noqa: E731
    return {"args": CASES[name], "status": proc.returncode, "stdout": clean(proc.stdout),
            "stderr": clean(proc.stderr)}


def record() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for name in CASES:
        with tempfile.TemporaryDirectory() as home:
            result = run(name, Path(home))
        (GOLDEN / f"{name}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n",
                                              encoding="utf-8")
        print(f"{name}: exit {result['status']}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--record"]:
        sys.exit("usage: python tests/cli_contract/cases.py --record")
    record()
