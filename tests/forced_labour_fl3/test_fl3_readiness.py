"""Readiness self-assessment: scores, a prioritised gap list, a dated plan, an Excel export."""
from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from workbook.errors import InputError
from workbook.forced_labour.flr import readiness as rd


def answers(value=1, **over):
    a = {q.id: value for q in rd.questions()}
    a.update(over)
    return a


def test_all_top_answers_score_100_and_leave_no_gaps():
    top = rd.max_score()
    assert rd.score(answers(top))["overall_pct"] == 100.0
    assert rd.gaps(answers(top)) == []


def test_all_zero_scores_0():
    assert rd.score(answers(0))["overall_pct"] == 0.0


def test_heavier_items_come_first_in_the_gap_list():
    g = rd.gaps(answers(2, mapping_deep=0))
    assert g[0]["id"] == "mapping_deep"
    assert all(g[i]["priority"] >= g[i + 1]["priority"] for i in range(len(g) - 1))


def test_an_unanswered_or_out_of_range_question_is_named():
    a = answers(1)
    del a["policy"]
    a["owner"] = 7
    with pytest.raises(InputError) as e:
        rd.score(a)
    assert {p.column for p in e.value.problems} == {"policy", "owner"}


def test_the_plan_is_dated_and_flags_what_ends_after_14_december_2027():
    rows = rd.plan(answers(0), dt.date(2027, 6, 1), tracks=2)
    assert rows[0]["start"] == dt.date(2027, 6, 1)
    assert any(r["late"] for r in rows)
    early = rd.plan(answers(2), dt.date(2026, 12, 1), tracks=3)
    assert not any(r["late"] for r in early)


def test_parallel_tracks_shorten_the_plan():
    one = max(r["end"] for r in rd.plan(answers(0), dt.date(2027, 1, 4), tracks=1))
    three = max(r["end"] for r in rd.plan(answers(0), dt.date(2027, 1, 4), tracks=3))
    assert three < one


def test_excel_export_has_answers_scores_plan_and_about(tmp_path):
    out = rd.export_excel(answers(1), dt.date(2026, 12, 1), tmp_path / "readiness.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["Answers", "Scores", "Plan", "About"]
    assert wb["Plan"].max_row == len(rd.gaps(answers(1))) + 1


def test_questions_point_to_fl3_c_or_fl3_d():
    assert {q.objective for q in rd.questions()} == {"fl3.c", "fl3.d"}
