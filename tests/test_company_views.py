"""The company views of a live notebook: each view is drawn into an output area through the
area's state, and drawn again when the participant picks another file, without running a cell
and without capturing a running cell (which could hang Voilà)."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("ipywidgets")

from workbook.company import CompanyNotebook, choose, sample_ids, sample_name
from workbook.paths import data_dir


class Course:
    solution_mode = False

    def __init__(self, home: Path):
        self.home = home
        self.company_name = None


def text_of(out) -> str:
    return "".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for o in out.outputs)


def test_a_view_is_drawn_into_an_output_area_through_its_state(tmp_path):
    company = CompanyNotebook(Course(tmp_path))
    out = company.header()
    assert out.msg_id == "", "no output is captured by message id"
    assert "Climate data:" in text_of(out) and company.company.name in text_of(out)


def test_every_view_follows_a_newly_picked_file(tmp_path):
    course = Course(tmp_path)
    company = CompanyNotebook(course)
    header = company.header()
    other = next(s for s in sample_ids() if sample_name(s) != company.company.name)
    choose(data_dir() / "companies" / other / "footprint.xlsx", tmp_path)
    company.refresh()
    assert sample_name(other) in text_of(header)
    assert course.company_name == sample_name(other)


def test_a_view_that_fails_while_the_cell_runs_raises(tmp_path):
    def broken(company):
        raise ValueError("the view failed")

    with pytest.raises(ValueError, match="the view failed"):
        CompanyNotebook(Course(tmp_path)).show(broken)


def test_a_view_that_fails_on_a_new_file_says_so_in_its_area(tmp_path):
    calls = []

    def fails_the_second_time(company):
        calls.append(company)
        if len(calls) > 1:
            raise ValueError("no such year")
        print("drawn")

    company = CompanyNotebook(Course(tmp_path))
    out = company.show(fails_the_second_time)
    company.refresh()
    assert text_of(out) == "This part could not be drawn again for the new file: no such year\n"


def test_solution_mode_draws_once_into_the_notebook(tmp_path, capsys):
    course = Course(tmp_path)
    course.solution_mode = True
    assert CompanyNotebook(course).show(lambda company: print("static")) is None
    assert "static" in capsys.readouterr().out
