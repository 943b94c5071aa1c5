"""The Dutch edition of fl1: the content, the views and the Excel tools speak Dutch under
``using("nl")``, while ids, references and the answers the code compares stay English, so a
supplier's answers raise the same red flags in both languages and a file in either language
reads back."""
from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from workbook.course import translations
from workbook.errors import InputError
from workbook.forced_labour import essentials as fl1
from workbook.forced_labour.essentials import checklists as cl
from workbook.forced_labour.essentials import views
from workbook.forced_labour.essentials.content import load
from workbook.language import using

OWN_CATALOGUES = ("code/forced_labour/essentials.po", "data/forced_labour/essentials/",
                  "notebooks/forced_labour/01_essentials.po")


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_every_text_of_the_essentials_has_a_dutch_translation():
    """Labels in code, the wording of every content file and the notebook prose: none is missing."""
    sources = [t for t in translations.source_texts() if t.catalogue.startswith(OWN_CATALOGUES)]
    assert len(sources) > 700
    assert translations.missing("nl", sources) == []


def test_the_notebook_edition_keeps_every_code_cell():
    from pathlib import Path

    nb, absent = translations.translated_notebook(Path("forced_labour/01_essentials.ipynb"), "nl")
    assert absent == []
    assert nb["cells"][0]["source"][0].startswith("# Dwangarbeid: de basis")
    import json

    from workbook.paths import notebooks_dir

    english = json.loads((notebooks_dir() / "forced_labour/01_essentials.ipynb").read_text(encoding="utf-8"))
    assert translations.code_cells(nb) == translations.code_cells(english)


def test_ids_and_references_do_not_depend_on_the_language():
    english = load()
    with using("nl"):
        dutch = load()
    for file, section in (("scenarios.yaml", "scenarios"), ("indicators.yaml", "indicators"),
                          ("red_flag_checklist.yaml", "red_flags"), ("supplier_questionnaire.yaml", "questions")):
        keep = ("id", "indicators", "red_flags", "classification", "severity", "stage", "chain", "area",
                "section", "answer_type", "flag_when", "red_flag", "source", "number")
        strip = [{k: v for k, v in item.items() if k in keep} for item in english.section(file, section)]
        assert strip == [{k: v for k, v in item.items() if k in keep} for item in dutch.section(file, section)]
    assert english.sources() == dutch.sources()


def test_answers_the_code_compares_stay_english_in_the_dutch_content():
    """Options and checklist answers are compared with flag_when and stored: the English is canonical."""
    with using("nl"):
        content = load()
        assert content.files["red_flag_checklist.yaml"]["answers"] == ["Yes", "No", "Unknown"]
        q08 = next(q for q in content.questions if q["id"] == "q08_documents_held")
        assert q08["options"][0] == "No"
        assert q08["question"].startswith("Bewaart het bedrijf")


def test_the_sample_supplier_raises_the_same_red_flags_in_both_languages():
    english = views.sample_answers()
    english_flags = [f["red_flag"] for f in cl.red_flags_from_answers(english.answers)]
    with using("nl"):
        dutch = views.sample_answers()
        dutch_flags = [f["red_flag"] for f in cl.red_flags_from_answers(dutch.answers)]
    assert english.answers == dutch.answers
    assert english_flags == dutch_flags and english_flags


def test_the_cards_and_tables_speak_dutch():
    with using("nl"):
        core = _text(fl1.concepts(group="core").data)
        cards = _text(fl1.indicators().data)
        summary = fl1.scenario_explorer(solution_mode=True)
        checklist = fl1.checklist_table()
        flags = _text(fl1.questionnaire_flags().data)
    assert "Dwangarbeid" in core and "In gewone woorden:" in core and "Bron:" in core
    assert "(NL:" not in core  # the Dutch term is the title itself
    for name in ("Misbruik van kwetsbaarheid", "Inhouden van identiteitsdocumenten", "Buitensporig overwerk"):
        assert name in cards
    assert "Wat een inkoper kan zien:" in cards
    assert list(summary.columns) == ["scenario", "keten", "classificatie", "ernst", "ILO-indicatoren"]
    assert summary.loc["sc01_mauritius_fees", "keten"] == "kleding"
    assert list(checklist.columns) == ["thema", "rode vlag", "ILO-indicatoren", "hoe te controleren"]
    assert "rode vlag(gen) uit" in flags and "Weet ik niet" in flags and "(fictief)" in flags


def test_the_english_cards_are_unchanged_by_the_dutch_edition():
    core = _text(fl1.concepts(group="core").data)
    assert "In plain words:" in core and "(NL: gedwongen arbeid; dwangarbeid)" in core
    assert list(fl1.scenario_explorer(solution_mode=True).columns) == [
        "scenario", "chain", "classification", "severity", "ILO indicators"]


def test_the_scenario_analysis_is_dutch_with_its_severity_and_chain_translated():
    scenario = load().scenarios[0]
    with using("nl"):
        dutch = load().scenarios[0]
        html = _text(views.scenario_html(dutch, reveal=True))
    assert dutch["id"] == scenario["id"]
    assert "Classificatie:" in html and "kritiek" in html and "kleding" in html and "Volgende stappen:" in html


def test_the_dutch_questionnaire_export_has_dutch_sheets_headers_and_choices(tmp_path):
    with using("nl"):
        path = cl.export_questionnaire(tmp_path / "vragenlijst.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames[:2] == ["Vragenlijst", "Leverancier"]
    ws = wb["Vragenlijst"]
    header = tuple(c.value for c in ws[1])
    assert header[:3] == ("ID", "Onderdeel", "Vraag") and header[5] == "Antwoord"
    ids = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    assert ids == [q["id"] for q in load().questions]
    row = ids.index("q05_workers_paid_fees") + 2
    assert ws.cell(row, 5).value == "Ja; Nee" and ws.cell(row, 4).value == "Ja / Nee"
    assert any(dv.formula1 == '"Ja,Nee"' for dv in ws.data_validations.dataValidation)


def test_a_dutch_questionnaire_reads_back_as_the_english_answers_in_either_language(tmp_path):
    with using("nl"):
        path = cl.export_questionnaire(tmp_path / "vragenlijst.xlsx")
    wb = load_workbook(path)
    ws = wb["Vragenlijst"]
    ids = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    ws.cell(ids.index("q05_workers_paid_fees") + 2, 6).value = "Ja"
    ws.cell(ids.index("q20_high_risk_regions") + 2, 6).value = "weet ik niet"
    ws.cell(ids.index("q10_notice_period") + 2, 6).value = "30"
    wb["Leverancier"]["B2"] = "Voorbeeld BV"
    wb.save(path)
    for lang in ("en", "nl"):
        with using(lang):
            result = cl.read_questionnaire(path)
        assert result.answers["q05_workers_paid_fees"] == "Yes"
        assert result.answers["q20_high_risk_regions"] == "Don't know"
        assert result.answers["q10_notice_period"] == 30
        assert result.supplier["Supplier name"] == "Voorbeeld BV"
    flags = {f["red_flag"] for f in cl.red_flags_from_answers(result.answers)}
    assert {"rf_fees_paid_by_workers", "rf_high_risk_origin"} <= flags


def test_a_dutch_checklist_round_trips_to_english_answers(tmp_path):
    with using("nl"):
        path = cl.export_checklist(tmp_path / "checklist.xlsx", cl.ChecklistResult(
            found={"rf_documents_held": "Yes", "rf_excessive_hours": "Unknown"}, notes={}))
        wb = load_workbook(path)
        assert wb.sheetnames[:2] == ["Rode vlaggen", "ILO-indicatoren"]
        ws = wb["Rode vlaggen"]
        assert ws.cell(1, 6).value == "Aangetroffen?"
        values = {ws.cell(r, 1).value: ws.cell(r, 6).value for r in range(2, ws.max_row + 1)}
        assert values["rf_documents_held"] == "Ja" and values["rf_excessive_hours"] == "Onbekend"
        result = cl.read_checklist(path)
    assert result.flagged() == ["rf_documents_held"] and result.unknown()


def test_problems_in_a_filled_file_are_explained_in_dutch(tmp_path):
    with using("nl"):
        path = cl.export_questionnaire(tmp_path / "vragenlijst.xlsx")
    wb = load_workbook(path)
    ws = wb["Vragenlijst"]
    ids = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    ws.cell(ids.index("q05_workers_paid_fees") + 2, 6).value = "misschien"
    wb.save(path)
    with using("nl"), pytest.raises(InputError) as exc:
        cl.read_questionnaire(path)
    problem = exc.value.problems[0]
    assert "niet een van de keuzes" in str(problem) and "Ja; Nee" in str(problem)
    assert problem.column == "Antwoord" and problem.row == ids.index("q05_workers_paid_fees") + 2
