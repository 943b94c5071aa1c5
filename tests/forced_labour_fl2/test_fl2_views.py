"""The fl2 views: every table and export is computed from the loaded supplier map."""
from __future__ import annotations

import shutil

import pytest

from workbook.course import Session
from workbook.forced_labour import hrdd


@pytest.fixture(scope="module")
def sample():
    return hrdd.company_suppliers(quiet=True)


@pytest.fixture(scope="module")
def scored(sample):
    return hrdd.scored_suppliers(sample)


def test_the_company_name_comes_from_the_company_not_the_code(sample, tmp_path, capsys):
    assert sample.is_sample and sample.name == "Noordzee Apparel B.V."
    own = tmp_path / "my_suppliers.xlsx"
    shutil.copy(sample.path, own)
    mine = hrdd.company_suppliers(own)
    assert not mine.is_sample and mine.name == "my suppliers"
    assert capsys.readouterr().out.startswith("my suppliers · ")


def test_priority_table(scored):
    table = hrdd.priority_table(scored)
    assert list(table.columns) == hrdd.PRIORITY_COLUMNS
    assert table.iloc[0]["priority"] == 1


def test_case_drivers_label_a_sample_case_for_another_company(sample, scored, tmp_path, capsys):
    table = hrdd.case_drivers("fl2-mauritius-drivers", sample, scored)
    assert list(table.columns) == ["part", "points", "max", "reason", "source"]
    assert capsys.readouterr().out == ""
    own = tmp_path / "map.xlsx"
    shutil.copy(sample.path, own)
    mine = hrdd.company_suppliers(own, quiet=True)
    again = hrdd.case_drivers("fl2-mauritius-drivers", mine, hrdd.scored_suppliers(mine))
    assert again.equals(table)
    assert "Sample case" in capsys.readouterr().out


def test_state_imposed_tables(scored):
    assert list(hrdd.state_imposed_table().columns) == ["iso2", "goods", "measure", "hard_stop", "source"]
    exposure = hrdd.state_imposed_exposure(scored)
    assert "state_imposed_basis" in exposure.columns and exposure.index.isin(scored.index).all()


def test_policy_report_writes_an_outline_for_the_company(sample, tmp_path, capsys):
    result, outline = hrdd.policy_report(hrdd.EXAMPLE_POLICY, sample, tmp_path)
    assert sample.name in outline.read_text(encoding="utf-8")
    assert capsys.readouterr().out.strip() == result.summary()


def test_plan_kpis_and_statement(sample, scored, tmp_path, capsys):
    course = Session(home=tmp_path, quiet=True)
    plan = hrdd.propose_actions(scored, start=hrdd.plan_start("2027-01-01"))
    assert list(hrdd.plan_table(plan).columns) == hrdd.PLAN_COLUMNS
    kpis = hrdd.kpi_set(scored, plan)
    assert list(hrdd.kpi_table(kpis).columns) == ["kpi_id", "kpi", "unit", "baseline", "target"]
    path = hrdd.plan_file(course, plan, kpis, sample, tmp_path)
    assert path.is_file() and "Re-loaded from the file:" in capsys.readouterr().out


def test_claims_review_uses_the_company_numbers(sample, scored, capsys):
    findings = hrdd.claims_review(sample, scored)
    draft = capsys.readouterr().out
    assert draft.startswith(f"{sample.name}'s supply chain") and f"of {len(scored)} supplier lines" in draft
    assert len(findings) >= 2


def test_good_practices_table():
    table = hrdd.good_practices_table()
    assert list(table.columns) == ["title", "lesson", "oecd_step", "source"] and len(table) > 3
