"""Which company a climate notebook shows, and the ambition picker of objective c1.c."""
from __future__ import annotations

from workbook.climate.targets.ambition import PROGRESS_KEY, ambition_levels, ambition_picker
from workbook.climate.footprint.company_file import keep_upload, load_company, resolve, sample_file
from workbook.climate.targets.rules import load_rules


def test_no_file_means_the_sample_company():
    assert resolve(None) == sample_file()
    loaded = load_company(None)
    assert loaded.is_sample and loaded.problem is None
    assert "Noordzee" in loaded.message()


def test_solution_mode_always_shows_the_sample(tmp_path):
    assert load_company(tmp_path / "mine.xlsx", solution_mode=True).is_sample


def test_a_relative_path_is_also_looked_up_in_the_data_folder():
    assert resolve("companies/stapvast-footwear/footprint.xlsx").is_file()


def test_a_broken_file_lists_its_problems_and_shows_the_sample_meanwhile(tmp_path):
    bad = tmp_path / "mine.xlsx"
    bad.write_text("this is not a spreadsheet")
    loaded = load_company(bad)
    assert loaded.is_sample and loaded.problem is not None
    assert "Until mine.xlsx is fixed, this notebook shows the sample company." in loaded.message()
    assert bad.read_text() == "this is not a spreadsheet", "the participant's file is never modified"


def test_the_participants_own_file_is_used(tmp_path):
    other = sample_file("eikenhout-meubelen")
    loaded = load_company(other, with_activities=True)
    assert loaded.path == other and not loaded.is_sample and len(loaded.activities)


def test_an_upload_is_kept_and_never_overwrites_an_earlier_one(tmp_path):
    first = keep_upload([{"name": "ours.xlsx", "content": b"one"}], tmp_path)
    second = keep_upload([{"name": "ours.xlsx", "content": b"two"}], tmp_path)
    again = keep_upload([{"name": "ours.xlsx", "content": b"two"}], tmp_path)
    assert first.read_bytes() == b"one" and second.name == "ours (2).xlsx" and again == second
    assert keep_upload((), tmp_path) is None


def test_ambition_levels_use_the_rule_sets_numbers():
    levels = ambition_levels(load_rules("sbti-aca-floor"), load_rules("sbti-sme"))
    assert list(levels) == ["report", "sbti-sme", "sbti-near-term", "sbti-net-zero"]
    assert f"{load_rules('sbti-aca-floor').scope3.trigger_share:.0%}" in levels["sbti-near-term"]


def test_the_ambition_choice_is_saved_with_the_progress(home):
    from workbook.course.session import Session

    course = Session(solution_mode=False, quiet=True)
    levels = ambition_levels(load_rules("sbti-aca-floor"), load_rules("sbti-sme"))
    picker = ambition_picker(course, levels)
    picker.value = "sbti-near-term"
    assert course.load(PROGRESS_KEY)["level"] == "sbti-near-term"
    assert ambition_picker(course, levels).value == "sbti-near-term", "the choice comes back next time"


def test_solution_mode_shows_the_levels_as_a_table():
    levels = ambition_levels(load_rules("sbti-aca-floor"), load_rules("sbti-sme"))
    table = ambition_picker(None, levels, solution_mode=True)
    assert list(table.index) == list(levels)
