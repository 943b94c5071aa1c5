"""Statements the content audit of December 2026 found wrong or over-verified stay corrected.

Each test checks one finding against the course's own data, so a later edit cannot bring the
wrong statement back unnoticed.
"""
from __future__ import annotations

import csv
from pathlib import Path

import yaml

from workbook.paths import data_dir

DATA = data_dir()


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_no_factor_cites_a_snapshot_for_a_year_it_cannot_contain():
    """An August 2025 snapshot holds full years up to 2024 only (DE 2025 334.1 was not in it)."""
    for r in _rows(DATA / "climate" / "emission_factors.csv"):
        if "(Aug 2025)" in r["source"]:
            assert int(r["year"]) <= 2024, r["id"]


def test_kering_factors_include_every_process_step_of_the_reference():
    """Nylon includes extraction, wool its washing, viscose its pulpwood harvest (Kering EP&L 2020)."""
    f = {r["id"]: float(r["kg_co2e_per_unit"]) for r in _rows(DATA / "climate" / "emission_factors.csv")
         if r["id"].startswith("kering20-")}
    assert f["kering20-nylon"] == 19.02 and f["kering20-nylon-cn"] == 67.55
    assert f["kering20-wool"] == 127.89
    assert f["kering20-viscose"] == 5.6 and f["kering20-viscose-cn"] == 12.10
    assert f["kering20-polyester-cn"] == 14.63


def test_a_2025_tier_inferred_from_a_watch_list_exit_is_not_called_carried():
    for r in _rows(DATA / "forced_labour" / "hrdd" / "country_risk.csv"):
        if r["tip_2024"] == "2WL" and r["tip_tier"] == "T2":
            assert "placement carried" not in r["tip_basis"] and "inferred" in r["tip_basis"], r["iso2"]


def test_the_likelihood_score_range_is_the_sum_of_its_parts():
    scoring = yaml.safe_load((DATA / "forced_labour" / "hrdd" / "scoring.yaml").read_text(encoding="utf-8"))
    total = sum(part["max"] for part in scoring["likelihood"].values() if isinstance(part, dict) and "max" in part)
    assert f"0-{total}" in scoring["source"]


def test_the_mauritius_repayment_is_planned_not_funded():
    for path in (DATA / "forced_labour" / "essentials" / "good_practices.yaml", DATA / "exercises" / "fl1_essentials.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "funded a repayment" not in text and "funded a US$420,593" not in text
        assert "US$420,593" in text


def test_the_cotton_goods_list_sentence_names_every_forced_labour_country_of_the_course_data():
    names = {"CN": "China", "TM": "Turkmenistan", "TJ": "Tajikistan", "KZ": "Kazakhstan", "PK": "Pakistan",
             "BJ": "Benin", "BF": "Burkina Faso"}
    fl = {r["iso2"] for r in _rows(DATA / "forced_labour" / "hrdd" / "goods_list.csv")
          if r["good"] == "cotton" and r["forced_labour"] == "true"}
    assert fl == set(names)
    where = yaml.safe_load((DATA / "forced_labour" / "essentials" / "where_it_occurs.yaml").read_text(encoding="utf-8"))
    cotton = next(s for s in where["supply_chain_stages"] if s["id"] == "raw_cotton")
    assert all(names[c] in cotton["pattern"] for c in fl)


def test_the_two_right_state_imposed_actions_do_not_contradict_each_other():
    bank = yaml.safe_load((DATA / "exercises" / "fl2_hrdd.yaml").read_text(encoding="utf-8"))
    ex = next(e for e in bank["exercises"] if e["id"] == "fl2-state-imposed-actions")
    assert not any("exit with the spinner" in a for a in ex["answer"])
    assert any("exit the Turkmen-cotton input" in a for a in ex["answer"])
