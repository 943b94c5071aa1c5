"""`workbook progress` reports completion per module and objective, and the export writes
the answers to an Excel file to hand in, with formula-like text kept as text."""
from __future__ import annotations

import json

import openpyxl
import pytest

from workbook.cli import main
from workbook.curriculum import load_curriculum
from workbook.exercises import load_bank
from workbook.course.progress import ProgressStore
from workbook.course.progress_report import completion, export_excel

DANGEROUS = ["=HYPERLINK(\"http://evil\",\"click\")", "+31 20 123", "-1+1", "@SUM(A1)"]


def fill(home):
    store = ProgressStore(home)
    store.record("start-electricity-scope", "Scope 2", correct=True, checked=True)
    store.record("start-sort-scopes", {"Diesel used by the brand's own delivery vans": "Scope 1"},
                 correct=False, checked=True)
    store.record("start-expectations", DANGEROUS[0])
    store.set_data("questions", DANGEROUS)
    return store


def test_completion_counts_solved_exercises_and_written_reflections(home):
    fill(home)
    rows = completion(load_curriculum(), load_bank(), ProgressStore(home).answers())
    start = next(r for r in rows if r.objective == "course.start")
    assert start.total == 7 and start.done == 2  # one solved, one reflection written


def test_export_writes_formula_like_text_as_text(home, tmp_path):
    fill(home)
    out = export_excel(tmp_path / "answers.xlsx", load_curriculum(), load_bank(), ProgressStore(home).read())
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Summary", "Answers", "Notes", "About"]
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value.startswith(("=", "+", "-", "@"))]
    assert risky, "the test data must reach the file"
    assert all(c.data_type == "s" for c in risky), [(c.coordinate, c.data_type) for c in risky]
    answers = {r[1].value: r for r in wb["Answers"].iter_rows(min_row=2)}
    assert answers["start-expectations"][5].value == DANGEROUS[0]
    assert answers["start-electricity-scope"][6].value == "correct"


def test_the_export_is_readable_by_its_owner_only(home, tmp_path):
    """An export holds a participant's answers: 0600, like the progress file."""
    fill(home)
    old = __import__("os").umask(0)
    try:
        out = export_excel(tmp_path / "answers.xlsx", load_curriculum(), load_bank(), ProgressStore(home).read())
    finally:
        __import__("os").umask(old)
    assert oct(out.stat().st_mode & 0o777) == oct(0o600)


def test_export_never_overwrites_a_file_it_is_told_to_protect(tmp_path):
    from workbook.errors import InputError
    from workbook.excel import save_new

    src = tmp_path / "mine.xlsx"
    openpyxl.Workbook().save(src)
    with pytest.raises(InputError, match="input is never overwritten"):
        save_new(openpyxl.Workbook(), src, protect=[src])


def test_progress_command_prints_modules_and_objectives(home, capsys):
    fill(home)
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    assert "Start here: 2/7 exercises done" in out
    assert "course.start" in out and "c2.a" in out


def test_progress_command_json(home, capsys):
    fill(home)
    assert main(["progress", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["modules"]["course"] == {"title": "Start here", "done": 2, "total": 7}
    assert any(o["id"] == "fl1.c" for o in doc["objectives"])


def test_progress_command_exports(home, tmp_path, capsys):
    fill(home)
    target = tmp_path / "hand-in.xlsx"
    assert main(["progress", "--export", str(target)]) == 0
    assert openpyxl.load_workbook(target)["Answers"].max_row == 4


def test_progress_command_with_a_corrupt_file_warns_and_keeps_it(home, capsys):
    (home / "progress.json").write_text("{oops")
    with pytest.warns(Warning):
        assert main(["progress"]) == 0
    assert "kept as progress.corrupt-" in capsys.readouterr().err
