"""The Dutch edition of the FLR tools: readiness plan, questions list, checker, wizard and the
notebook's prose in Dutch under ``nl``; the codes (verdicts, scenario keys, answers) unchanged."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from workbook.cli import main
from workbook.course.translations import code_cells, missing, source_texts, translated_notebook
from workbook.forced_labour import flr
from workbook.forced_labour.flr import questions as qs
from workbook.forced_labour.flr import readiness as rd
from workbook.language import set_language, using
from workbook.paths import data_dir, notebooks_dir

SAMPLES = data_dir() / "forced_labour" / "flr" / "scenarios"


@pytest.fixture()
def english_afterwards():
    """``--lang`` sets the language for the whole process: set it back after the command."""
    yield
    set_language(None)


def test_the_readiness_plan_is_exported_in_dutch(tmp_path):
    answers = {q.id: 1 for q in rd.questions()}
    with using("nl"):
        path = rd.export_excel(answers, dt.date(2026, 12, 1), tmp_path / "gereedheid.xlsx")
        dutch_questions = {q.question for q in rd.questions()}
    wb = load_workbook(path)
    assert wb.sheetnames[:3] == ["Antwoorden", "Scores", "Plan"]
    assert [c.value for c in wb["Antwoorden"][1]] == ["thema", "vraag", "score", "betekenis", "gewicht"]
    assert wb["Antwoorden"]["B2"].value in dutch_questions and wb["Antwoorden"]["D2"].value == "Begonnen / gedeeltelijk"
    assert wb["Scores"]["A2"].value == "Totaal"
    assert [c.value for c in wb["Plan"][1]][:4] == ["prioriteit", "thema", "gat", "actie"]


def test_the_readiness_scores_do_not_depend_on_the_language():
    answers = {q.id: i % 4 for i, q in enumerate(rd.questions())}
    with using("nl"):
        nl = rd.score(answers)
    en = rd.score(answers)
    assert nl["overall_pct"] == en["overall_pct"] and sorted(nl["areas"].values()) == sorted(en["areas"].values())


def test_the_questions_list_is_exported_in_dutch(tmp_path):
    with using("nl"):
        items = qs.add_question(qs.seed_questions(), "Valt verpakking onder de verordening?", addressee="Other")
        path = qs.export_excel(items, tmp_path / "vragen.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "Vragen"
    assert [c.value for c in wb["Vragen"][1]] == ["#", "onderwerp", "vraag", "voor", "wat bekend is"]
    last = [c.value for c in wb["Vragen"][wb["Vragen"].max_row]]
    assert last[1:4] == ["Mijn vraag", "Valt verpakking onder de verordening?", "Overig"]
    assert items[-1]["addressee"] == "Other"  # stored in English, shown in Dutch


def test_flr_check_speaks_dutch_with_lang_nl_and_keeps_the_codes(capsys, english_afterwards):
    assert main(["--lang", "nl", "flr-check", str(SAMPLES / "sofa_export.yaml")]) == 0
    out = capsys.readouterr().out
    assert "Antwoord: JA" in out and "Redenering:" in out and "Wat u doet:" in out
    assert main(["flr-check", str(SAMPLES / "sofa_export.yaml"), "--json", "--lang", "nl"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["applies"] is True and data["verdict"] in flr.VERDICTS and data["steps"][0]["rule"]
    set_language(None)
    assert main(["flr-check", str(SAMPLES / "sofa_export.yaml")]) == 0
    assert "Answer: YES" in capsys.readouterr().out


def test_the_checker_gives_the_same_verdict_in_both_languages():
    for case in flr.load_cases():
        with using("nl"):
            nl = flr.check_dict(case["scenario"])
        en = flr.check_dict(case["scenario"])
        assert (nl.applies, nl.verdict, [s.rule for s in nl.steps]) == (en.applies, en.verdict, [s.rule for s in en.steps])


def test_the_wizard_shows_dutch_labels_and_keeps_the_values():
    with using("nl"):
        box = flr.applicability_wizard()
        html = flr.result_html(flr.check_dict(box._wb["collect"]()))
    assert ("klein", "small") in box._wb["size"].options
    assert box._wb["button"].description == "Controleer"
    assert "Waarom, stap voor stap" in html and "Wat u doet" in html


def test_the_readiness_widget_offers_the_dutch_scale():
    with using("nl"):
        box = flr.readiness_widget()
    picker = next(iter(box._wb["pickers"].values()))
    assert picker.options[0] == ("Niet begonnen", 0)
    assert box._wb["go"].description == "Score en plan"


def test_every_fl2_and_fl3_text_has_a_dutch_translation():
    """Code texts, data wording and the two notebooks' prose of this part of the course."""
    mine = ("code/forced_labour/hrdd.po", "code/forced_labour/flr.po", "data/forced_labour/hrdd/",
            "data/forced_labour/flr/", "notebooks/forced_labour/02_hrdd", "notebooks/forced_labour/03_flr")
    texts = [t for t in source_texts() if t.catalogue.startswith(mine)]
    assert len(texts) > 1000
    assert missing("nl", texts) == []


@pytest.mark.parametrize("notebook", ["forced_labour/02_hrdd_in_practice.ipynb", "forced_labour/03_flr_getting_ready.ipynb"])
def test_the_dutch_notebooks_have_every_cell_translated_and_the_same_code(notebook):
    nb, absent = translated_notebook(Path(notebook), "nl")
    assert absent == []
    english = json.loads((notebooks_dir() / notebook).read_text(encoding="utf-8"))
    assert code_cells(nb) == code_cells(english)
    assert nb["cells"][0]["source"] != english["cells"][0]["source"]
