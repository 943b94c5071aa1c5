"""Every fact under data/ carries its source: each CSV row has a non-empty source, and every
YAML file parses."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "data"
CSV_FILES = sorted(DATA.rglob("*.csv"))
YAML_FILES = sorted(DATA.rglob("*.yaml"))

# Files whose rows also point to sourced rows elsewhere: the pointers must resolve.
POINTERS = {
    # advice per applicability rule: `basis` lists rule ids of applicability_rules.csv
    "forced_labour/flr/actions.csv": ("basis", "forced_labour/flr/applicability_rules.csv", "rule_id"),
}
MACHINE_PATH = re.compile(r"/(work|tmp|home|root|Users)/")


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def rel(path: Path) -> str:
    return path.relative_to(DATA).as_posix()


@pytest.mark.parametrize("path", CSV_FILES, ids=rel)
def test_every_csv_row_has_its_source(path):
    name = rel(path)
    table = rows(path)
    assert table, f"{name} is empty"
    if name in POINTERS:
        column, target, key = POINTERS[name]
        known = {r[key] for r in rows(DATA / target)}
        for line, r in enumerate(table, start=2):
            ids = [i.strip() for i in r[column].split(";") if i.strip()]
            assert ids and set(ids) <= known, f"{name}, line {line}: {column} {ids} not all in {target}"
    source_columns = [c for c in table[0] if "source" in c.lower()]
    assert source_columns, f"{name} has no source column"
    empty = [line for line, r in enumerate(table, start=2)
             if not any((r[c] or "").strip() for c in source_columns)]
    assert empty == [], f"{name}: rows without a source at lines {empty}"


@pytest.mark.parametrize("path", YAML_FILES, ids=rel)
def test_every_yaml_file_parses(path):
    assert yaml.safe_load(path.read_text(encoding="utf-8")) is not None


def test_no_data_file_points_at_internal_notes_or_machine_paths():
    bad = []
    for path in CSV_FILES + YAML_FILES:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("#"):
                continue
            if MACHINE_PATH.search(line):
                bad.append(f"{rel(path)}:{n}")
    assert bad == []
