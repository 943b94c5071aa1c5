"""The fl2 views: every table and export is computed from the loaded supplier map."""
from __future__ import annotations

import shutil

import pytest

from workbook.course import Session
from workbook.forced_labour import hrdd


@pytest.fixture(scope="module")
def sample():
    return hrdd.company_suppliers(quiet=True)


@pytest.fixture()
def course(tmp_path):
    return Session(home=tmp_path, quiet=True)


def test_the_company_name_comes_from_the_company_not_the_code(sample, tmp_path, capsys):
    assert sample.name == "Noordzee Apparel B.V."
    own = tmp_path / "my_suppliers.xlsx"
    shutil.copy(sample.path, own)
    mine = hrdd.company_suppliers(own)
    assert mine.name == "my suppliers"
    assert capsys.readouterr().out.startswith("my suppliers · ")


def test_priority_table(sample):
    table = hrdd.priority_table(sample)
    assert list(table.columns) == hrdd.PRIORITY_COLUMNS
    assert table.iloc[0]["priority"] == 1


def test_case_drivers_label_a_sample_case_for_another_company(sample, tmp_path, capsys):
    table = hrdd.case_drivers(sample, "fl2-mauritius-drivers")
    assert list(table.columns) == ["part", "points", "max", "reason", "source"]
    assert capsys.readouterr().out == ""
    own = tmp_path / "map.xlsx"
    shutil.copy(sample.path, own)
    again = hrdd.case_drivers(hrdd.company_suppliers(own, quiet=True), "fl2-mauritius-drivers")
    assert again.equals(table)
    assert "Sample case" in capsys.readouterr().out


def test_state_imposed_tables(sample):
    assert list(hrdd.state_imposed_table().columns) == ["iso2", "goods", "measure", "hard_stop", "source"]
    exposure = hrdd.state_imposed_exposure(sample)
    assert "state_imposed_basis" in exposure.columns and exposure["hard_stop"].notna().all()


def test_policy_report_writes_an_outline_for_the_company(sample, course, capsys):
    hrdd.policy_report(sample, course)
    outline = course.home / "exports" / "fl2_policy_outline.md"
    assert sample.name in outline.read_text(encoding="utf-8")
    assert hrdd.policy_result().summary() in capsys.readouterr().out


def test_plan_kpis_and_statement(sample, course, capsys):
    assert list(hrdd.plan_table(sample, "2027-01-01").columns) == hrdd.PLAN_COLUMNS
    kpis = hrdd.plan_file(sample, course, "2027-01-01")
    assert list(kpis.columns) == ["kpi_id", "kpi", "unit", "baseline", "target"]
    assert (course.home / "exports" / "fl2_action_plan.xlsx").is_file()
    assert "Re-loaded from the file:" in capsys.readouterr().out


def test_claims_review_uses_the_company_numbers(sample, capsys):
    findings = hrdd.claims_review(sample)
    draft = capsys.readouterr().out
    assert draft.startswith(f"{sample.name}'s supply chain")
    assert f"of {len(hrdd.scored_suppliers(sample))} supplier lines" in draft
    assert len(findings) >= 2


def test_good_practices_table():
    table = hrdd.good_practices_table()
    assert list(table.columns) == ["title", "lesson", "oecd_step", "source"] and len(table) > 3


def test_policy_ticks_are_saved_and_used_by_the_outline(sample, course, capsys):
    assert hrdd.saved_policy(course) == list(hrdd.EXAMPLE_POLICY)
    course.save(hrdd.POLICY_KEY, ["ilo_definition"])
    assert hrdd.saved_policy(course) == ["ilo_definition"]
    hrdd.policy_report(sample, course)
    assert hrdd.policy_result(["ilo_definition"]).summary() in capsys.readouterr().out


def test_ticking_the_policy_widget_saves_the_ticks(course):
    import ipywidgets as w

    box = hrdd.policy_checker(course)
    boxes = [c for c in box.children if isinstance(c, w.Checkbox)]
    assert [b.description for b in boxes if b.value]  # the example policy is ticked at first
    untick = next(b for b in boxes if b.value)
    untick.value = False
    saved = course.load(hrdd.POLICY_KEY)
    assert isinstance(saved, list) and len(saved) == len(hrdd.EXAMPLE_POLICY) - 1
    assert [b.description for b in boxes if b.value] == [b.description for b in
                                                          [c for c in hrdd.policy_checker(course).children
                                                           if isinstance(c, w.Checkbox)] if b.value]
