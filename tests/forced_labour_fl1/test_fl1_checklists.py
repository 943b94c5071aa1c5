"""The checklist and questionnaire exports: round trip, formula safety, clear errors on bad input."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from workbook.errors import InputError
from workbook.forced_labour.essentials import checklists as cl
from workbook.forced_labour.essentials.content import load


@pytest.fixture(scope="module")
def content():
    return load()


def test_checklist_export_lists_every_red_flag_with_its_indicators(tmp_path, content):
    path = cl.export_checklist(tmp_path / "checklist.xlsx", content=content)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Red flags", "ILO indicators", "About"]
    ws = wb["Red flags"]
    assert tuple(c.value for c in ws[1]) == cl.CHECKLIST_HEADER
    assert [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)] == [r["id"] for r in content.red_flags]
    assert "Debt bondage" in ws.cell(2, 4).value
    assert len(ws.data_validations.dataValidation) == 1
    assert list(wb["ILO indicators"].iter_rows(min_row=2, max_col=1, values_only=True))[-1] == (11,)


def test_about_sheet_states_the_data_edition_and_sources(tmp_path, content):
    wb = load_workbook(cl.export_checklist(tmp_path / "c.xlsx", content=content))
    values = [row for row in wb["About"].iter_rows(values_only=True)]
    assert ("data_edition", content.edition()) in values
    assert sum(1 for k, _ in values if k == "source") == len(content.sources())


def test_checklist_round_trips_answers_and_notes(tmp_path, content):
    before = cl.ChecklistResult(found={"rf_documents_held": "Yes", "rf_excessive_hours": "No",
                                       "rf_high_risk_origin": "Unknown"},
                                notes={"rf_documents_held": "seen in HR safe, 12 passports"})
    after = cl.read_checklist(cl.export_checklist(tmp_path / "c.xlsx", before, content=content), content)
    assert {k: v for k, v in after.found.items() if v} == before.found
    assert after.notes["rf_documents_held"] == before.notes["rf_documents_held"]
    assert after.flagged() == ["rf_documents_held"]


def test_formula_like_text_is_written_as_text_and_reads_back_unchanged(tmp_path, content):
    evil = '=HYPERLINK("http://example.invalid","click")'
    result = cl.QuestionnaireResult(answers={"q03_origin_countries": evil},
                                    supplier={"Supplier name": "+31 Trading", "Filled in by": "@hr"})
    path = cl.export_questionnaire(tmp_path / "q.xlsx", result, content=content)
    ws = load_workbook(path)["Questionnaire"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "q03_origin_countries")
    cell = ws.cell(row, 6)
    assert cell.data_type == "s" and cell.quotePrefix and cell.value == evil
    back = cl.read_questionnaire(path, content)
    assert back.answers["q03_origin_countries"] == evil
    assert back.supplier["Supplier name"] == "+31 Trading" and back.supplier["Filled in by"] == "@hr"


def _answer_strategy(q):
    kind = q["answer_type"]
    if kind == "yes_no":
        return st.sampled_from(["Yes", "No"])
    if kind == "choice":
        return st.sampled_from(q["options"])
    if kind in ("number", "percent"):
        hi = q.get("max", 100 if kind == "percent" else 10_000)
        return st.integers(min_value=int(q.get("min", 0)), max_value=int(hi))
    return st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40) \
        .filter(lambda s: s.strip() == s and s.strip())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_questionnaire_round_trips_any_valid_answers(tmp_path_factory, data):
    content = load()
    answers = {q["id"]: data.draw(st.one_of(st.none(), _answer_strategy(q)), label=q["id"]) for q in content.questions}
    path = cl.export_questionnaire(tmp_path_factory.mktemp("rt") / "q.xlsx",
                                   cl.QuestionnaireResult(answers=answers), content=content)
    assert cl.read_questionnaire(path, content).answers == answers


def test_answers_turn_into_the_red_flags_the_content_declares(content):
    flags = cl.red_flags_from_answers({"q05_workers_paid_fees": "Yes", "q02_migrant_share": 10,
                                       "q13_max_weekly_hours": 72, "q08_documents_held": "No"}, content)
    assert [(f["question"], f["red_flag"]) for f in flags] == [
        ("q05_workers_paid_fees", "rf_fees_paid_by_workers"), ("q13_max_weekly_hours", "rf_excessive_hours")]


def test_unanswered_questions_raise_no_flags_and_are_listed(content):
    result = cl.QuestionnaireResult(answers={q["id"]: None for q in content.questions})
    assert cl.red_flags_from_answers(result.answers, content) == []
    assert len(result.unanswered()) == len(content.questions)


def _set_answer(path, qid, value):
    wb = load_workbook(path)
    ws = wb["Questionnaire"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == qid)
    ws.cell(row, 6).value = value
    wb.save(path)
    return row


def test_bad_answers_are_all_reported_with_sheet_row_column_value_and_fix(tmp_path, content):
    path = cl.export_questionnaire(tmp_path / "q.xlsx", content=content)
    r1 = _set_answer(path, "q02_migrant_share", "lots")
    r2 = _set_answer(path, "q05_workers_paid_fees", "Maybe")
    r3 = _set_answer(path, "q13_max_weekly_hours", 200)
    with pytest.raises(InputError) as err:
        cl.read_questionnaire(path, content)
    problems = err.value.problems
    assert [(p.row, p.column, p.value) for p in problems] == [
        (r1, "Answer", "lots"), (r2, "Answer", "Maybe"), (r3, "Answer", 200)]
    assert all(p.sheet == "Questionnaire" and p.fix for p in problems)
    assert "Yes; No" in problems[1].fix and "168" in problems[2].fix


def test_a_decimal_comma_and_a_percent_sign_are_accepted(tmp_path, content):
    path = cl.export_questionnaire(tmp_path / "q.xlsx", content=content)
    _set_answer(path, "q02_migrant_share", "37,5%")
    assert cl.read_questionnaire(path, content).answers["q02_migrant_share"] == 37.5


def test_an_unknown_checklist_answer_names_the_row(tmp_path, content):
    path = cl.export_checklist(tmp_path / "c.xlsx", content=content)
    wb = load_workbook(path)
    wb["Red flags"].cell(3, 6).value = "Perhaps"
    wb.save(path)
    with pytest.raises(InputError) as err:
        cl.read_checklist(path, content)
    (p,) = err.value.problems
    assert (p.sheet, p.row, p.column, p.value) == ("Red flags", 3, "Found?", "Perhaps")


def test_a_file_that_is_not_excel_gives_a_readable_error(tmp_path, content):
    bad = tmp_path / "answers.xlsx"
    bad.write_text("not a spreadsheet")
    with pytest.raises(InputError, match="not an Excel"):
        cl.read_questionnaire(bad, content)
    with pytest.raises(InputError, match="does not exist"):
        cl.read_checklist(tmp_path / "missing.xlsx", content)


def test_a_changed_header_or_missing_sheet_is_reported(tmp_path, content):
    path = cl.export_checklist(tmp_path / "c.xlsx", content=content)
    with pytest.raises(InputError, match="sheet 'Questionnaire' is missing"):
        cl.read_questionnaire(path, content)
    wb = load_workbook(path)
    wb["Red flags"].cell(1, 6).value = "Answer"
    wb.save(path)
    with pytest.raises(InputError, match="header row"):
        cl.read_checklist(path, content)


def test_exporting_over_the_file_being_read_is_refused(tmp_path, content):
    path = cl.export_questionnaire(tmp_path / "q.xlsx", content=content)
    before = path.read_bytes()
    with pytest.raises(InputError, match="input"):
        cl.export_questionnaire(path, cl.read_questionnaire(path, content), content=content, protect=(path,))
    assert path.read_bytes() == before


def test_next_free_path_never_returns_an_existing_file(tmp_path):
    first = tmp_path / "fl1.xlsx"
    assert cl.next_free_path(first) == first
    first.write_text("x")
    second = cl.next_free_path(first)
    assert second.name == "fl1 (2).xlsx" and not second.exists()


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_a_real_spreadsheet_program_opens_the_export_without_running_formulas(tmp_path, content):
    """LibreOffice recalculates on conversion: a formula would come back as its result, text stays text."""
    import subprocess

    evil = "=1+1"
    src = cl.export_questionnaire(tmp_path / "q.xlsx", cl.QuestionnaireResult(
        answers={"q03_origin_countries": evil}, supplier={"Supplier name": "=2*3"}), content=content)
    out = tmp_path / "out"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(src)],
                   check=True, capture_output=True, timeout=120)
    back = cl.read_questionnaire(out / "q.xlsx", content)
    assert back.answers["q03_origin_countries"] == evil
    assert back.supplier["Supplier name"] == "=2*3"
