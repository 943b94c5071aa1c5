"""The Dutch edition of the footprint: a Dutch data template, read as well as an English one, gives
the very same footprint; problems name the Dutch sheet and column in Dutch; the notebooks' views,
charts and results file speak Dutch, while the footprint JSON stays language-neutral."""
import json
import re

import openpyxl
import pytest
from company_generator import generate

from workbook.climate.footprint import (
    category_breakdown,
    footprint_json,
    load_activities,
    load_footprint,
    template_sheets,
    write_results,
    write_template,
)
from workbook.climate.footprint.cli import summary_text, warnings_text
from workbook.climate.footprint.plausibility import as_text
from workbook.climate.footprint.sheets import DATA_SHEETS, SHEET_NAMES, in_language
from workbook.climate.footprint.template import read_filled_template
from workbook.errors import InputError
from workbook.language import using
from workbook.outputs import json_text


def dutch_copy(english, folder):
    """The data of a filled English template, written into a Dutch template."""
    company, rows, screening = load_activities(english)
    return write_template(folder / "nl.xlsx", company, rows, screening, lang="nl")


@pytest.mark.parametrize("seed", [3, 11, 42])
def test_a_dutch_template_gives_the_same_footprint_json_as_the_english_one(tmp_path, seed):
    """The same company filled into the Dutch and the English template: byte-identical footprint JSON."""
    made = generate(seed, tmp_path)
    dutch = dutch_copy(made.template, tmp_path)
    english_json = json_text(footprint_json(load_footprint(made.template)))
    dutch_json = json_text(footprint_json(load_footprint(dutch)))
    assert dutch_json == english_json
    assert json.loads(dutch_json)["company"] == made.name


def test_the_footprint_json_stays_english_when_the_participant_reads_dutch(tmp_path):
    """Machine output is language-neutral: notes and warnings keep the English, whatever the language."""
    made = generate(7, tmp_path)
    english = json_text(footprint_json(load_footprint(made.template)))
    with using("nl"):
        assert json_text(footprint_json(load_footprint(dutch_copy(made.template, tmp_path)))) == english


def test_the_dutch_template_names_sheets_headers_and_fields_in_dutch(tmp_path):
    """Sheet names, headers, company fields and instructions are Dutch; ids, units and codes are not."""
    path = write_template(tmp_path / "blank.xlsx", lang="nl")
    wb = openpyxl.load_workbook(path)
    assert {"Instructies", "Bedrijf", "Screening", "Brandstoffen", "Energie", "Ingekochte goederen",
            "Transport", "Reizen", "Afval", "Gebruiksfase", "Lijsten"} <= set(wb.sheetnames)
    assert [c.value for c in wb["Brandstoffen"][1]][:6] == ["Jaar", "Activiteit", "Omschrijving", "Land",
                                                           "Hoeveelheid", "Eenheid"]
    assert wb["Bedrijf"]["A2"].value == "Bedrijfsnaam"
    assert wb["Instructies"]["A1"].value == "Sjabloon klimaatgegevens"
    assert "Vul" in wb["Brandstoffen"]["E1"].comment.text or wb["Brandstoffen"]["E1"].comment.text
    assert any(d.formula1.startswith("=Lijsten!") for d in wb["Brandstoffen"].data_validations.dataValidation)
    lists = wb["Lijsten"]
    assert "natural_gas" in [c.value for c in lists["A"]]  # activity ids stay language-neutral
    assert "kWh" in [c.value for row in lists.iter_rows() for c in row]


def test_the_template_follows_the_participants_language_and_english_stays_as_it_was(tmp_path):
    """`workbook template --lang nl` writes Dutch; the English template keeps its English names."""
    with using("nl"):
        dutch = openpyxl.load_workbook(write_template(tmp_path / "a.xlsx"))
    english = openpyxl.load_workbook(write_template(tmp_path / "b.xlsx"))
    assert "Brandstoffen" in dutch.sheetnames and "Fuels" not in dutch.sheetnames
    assert english.sheetnames[:3] == ["Instructions", "Company", "Screening"]
    assert "Fuels" in english.sheetnames


def test_every_translated_sheet_name_is_a_valid_and_unambiguous_excel_name():
    """Excel allows 31 characters and no []:*?/\\ ; no Dutch name is another sheet's English name."""
    english = set(SHEET_NAMES)
    for name in SHEET_NAMES:
        dutch = in_language(name, "nl")
        assert dutch != name or name in ("Screening", "Transport"), f"{name} has no Dutch name"
        assert len(dutch) <= 31 and not re.search(r"[\[\]:*?/\\]", dutch)
        assert dutch == name or dutch not in english
    assert len({in_language(n, "nl") for n in SHEET_NAMES}) == len(SHEET_NAMES)


def test_the_reader_recognises_the_language_of_the_template(tmp_path):
    """A Dutch template reads as Dutch, an English one as English; the rows carry the engine's sheet names."""
    made = generate(5, tmp_path)
    dutch = read_filled_template(dutch_copy(made.template, tmp_path))
    english = read_filled_template(made.template)
    assert (dutch.language, english.language) == ("nl", "en")
    assert set(dutch.activities["sheet"]) <= {s.name for s in DATA_SHEETS}
    assert dutch.company == english.company


def break_quantity(path, sheet):
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=1, value=2025)
    ws.cell(row=2, column=header.index("Activiteit") + 1, value="natural_gas")
    ws.cell(row=2, column=header.index("Hoeveelheid") + 1, value="18.500 m3")
    ws.cell(row=2, column=header.index("Eenheid") + 1, value="m3")
    wb.save(path)
    return path


def test_a_wrong_cell_in_a_dutch_template_gets_a_dutch_message_naming_the_dutch_sheet_and_column(tmp_path):
    """The problem names the sheet and column as the file does, and says what is wrong in Dutch."""
    from workbook.climate.footprint import Company

    with using("nl"):
        path = write_template(tmp_path / "nl.xlsx", Company(name="Test B.V.", reporting_year=2025))
        break_quantity(path, "Brandstoffen")
        with pytest.raises(InputError) as caught:
            load_footprint(path)
    [problem] = caught.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("Brandstoffen", 2, "Hoeveelheid")
    assert problem.message == "tekst waar een getal hoort"
    assert "Eenheid" in problem.fix and "scheidingstekens" in problem.fix
    assert caught.value.title == "Het sjabloon heeft problemen"


def test_a_dutch_template_read_by_an_english_reader_names_the_dutch_sheet_in_english(tmp_path):
    """The participant's file keeps its own sheet and column names; the message follows the reader's language."""
    from workbook.climate.footprint import Company

    path = write_template(tmp_path / "nl.xlsx", Company(name="Test B.V.", reporting_year=2025), lang="nl")
    break_quantity(path, "Brandstoffen")
    with pytest.raises(InputError) as caught:
        load_footprint(path)
    [problem] = caught.value.problems
    assert (problem.sheet, problem.column, problem.message) == ("Brandstoffen", "Hoeveelheid",
                                                                "text where a number belongs")


def test_a_calculation_problem_in_a_dutch_template_names_the_dutch_sheet_and_header(tmp_path):
    """Problems found while calculating (after reading) are named as the Dutch file names them."""
    from workbook.climate.footprint import Company

    path = write_template(tmp_path / "nl.xlsx", Company(name="Test B.V.", reporting_year=2025), lang="nl")
    wb = openpyxl.load_workbook(path)
    ws = wb["Brandstoffen"]
    for col, value in enumerate([2025, "natural_gas", "ketel", "NL", 1e15, "m3"], start=1):
        ws.cell(row=2, column=col, value=value)
    wb.save(path)
    with pytest.raises(InputError) as caught:
        load_footprint(path)
    assert {(p.sheet, p.column) for p in caught.value.problems} == {("Brandstoffen", "Hoeveelheid")}


def test_views_charts_and_the_results_file_are_dutch_under_dutch(tmp_path):
    """A participant reading Dutch sees Dutch sheet names, column names and chart titles."""
    made = generate(3, tmp_path)
    with using("nl"):
        inv = load_footprint(dutch_copy(made.template, tmp_path))
        sheets = template_sheets()
        breakdown = category_breakdown(inv)
        out = write_results(inv, tmp_path / "resultaten.xlsx")
        text = summary_text(footprint_json(inv))
    assert "Brandstoffen" in sheets.index and sheets.index.name == "tabblad"
    assert "aandeel" in breakdown.columns
    assert {"Samenvatting", "Per categorie", "Bronnen", "Controles"} <= set(openpyxl.load_workbook(out).sheetnames)
    assert "Totaal (locatiegebaseerd)" in text or "locatiegebaseerd" in text
    english = template_sheets()
    assert "Fuels" in english.index and english.index.name == "sheet"


def test_plausibility_warnings_are_english_in_the_json_and_dutch_for_the_reader(tmp_path):
    """A warning keeps its English message in the footprint JSON and reads in Dutch where shown."""
    made = generate(3, tmp_path)
    path = dutch_copy(made.template, tmp_path)
    inv = load_footprint(path)
    warnings = footprint_json(inv)["warnings"]
    if not warnings:
        pytest.skip("this company has no plausibility warnings")
    with using("nl"):
        shown = [as_text(w, inv.language) for w in warnings]
        block = warnings_text(warnings, inv.language)
    assert all(w["message"] == str(w["message"]) for w in warnings)
    assert shown != [as_text(w) for w in warnings]
    assert block.startswith("Plausibiliteitswaarschuwingen")


def test_every_calculation_note_of_the_samples_and_generated_companies_reads_in_dutch(tmp_path):
    """The notes stay English in the JSON; each one a participant reads is shown in Dutch."""
    from workbook.climate.footprint.inventory import note_text
    from workbook.climate.footprint.load import years_in
    from workbook.paths import data_dir

    notes = set()
    for path in sorted((data_dir() / "companies").glob("*/footprint.xlsx")):
        for year in years_in(path):
            notes |= set(load_footprint(path, year=year).notes)
    for seed in (1, 2, 3, 4, 5, 6):
        notes |= set(load_footprint(generate(seed, tmp_path).template).notes)
    assert len(notes) > 5
    with using("nl"):
        untranslated = [n for n in notes if note_text(n) == n]
    assert untranslated == []
    assert all(note_text(n) == n for n in notes)  # English: as the engine wrote it


def test_a_sheet_renamed_to_its_dutch_name_is_still_read(tmp_path):
    """A participant who translated one tab of an English template (Travel → Reizen) loses nothing."""
    made = generate(3, tmp_path)
    before = json_text(footprint_json(load_footprint(made.template)))
    wb = openpyxl.load_workbook(made.template)
    wb["Travel"].title = "Reizen"
    wb.save(tmp_path / "mixed.xlsx")
    assert json_text(footprint_json(load_footprint(tmp_path / "mixed.xlsx"))) == before


def test_an_activity_csv_problem_reads_in_dutch(tmp_path):
    """The activity CSV's column names are the same in every language; its messages follow the reader."""
    path = tmp_path / "acts.csv"
    path.write_text("scope,category,activity,country,quantity,unit\n4,,natural_gas,NL,100,m3\n", encoding="utf-8")
    with using("nl"), pytest.raises(InputError) as caught:
        load_footprint(path)
    [problem] = caught.value.problems
    assert (problem.column, problem.message, problem.fix) == ("scope", "de scope moet 1, 2 of 3 zijn", "typ 1, 2 of 3")
    assert caught.value.title == "Het activiteiten-CSV-bestand heeft problemen"
    with pytest.raises(InputError) as english:
        load_footprint(path)
    assert english.value.problems[0].message == "the scope must be 1, 2 or 3"
