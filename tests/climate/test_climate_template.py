"""The data template: written, read back, validated cell by cell; bad files get a clean error list."""
import zipfile

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook.climate.footprint.load import load_footprint
from workbook.climate.footprint.inventory import Company
from workbook.climate.footprint.template import read_template, write_template
from workbook.errors import InputError
from workbook.paths import data_dir

SAMPLE = data_dir() / "companies" / "noordzee-apparel" / "footprint.xlsx"


@pytest.fixture
def filled(tmp_path):
    """A copy of a sample company's template to damage."""
    p = tmp_path / "in.xlsx"
    p.write_bytes(SAMPLE.read_bytes())
    return p


def edit(path, sheet, cell, value):
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)
    return path


def problems(path):
    with pytest.raises(InputError) as e:
        load_footprint(path)
    return e.value.problems


def test_blank_template_has_the_sheets_and_drop_downs(tmp_path):
    p = write_template(tmp_path / "blank.xlsx")
    wb = openpyxl.load_workbook(p)
    for s in ("Instructions", "Company", "Screening", "Fuels", "Energy", "Purchased goods", "Transport",
              "Travel", "Waste", "Use phase", "Lists"):
        assert s in wb.sheetnames
    dv = [d.formula1 for d in wb["Fuels"].data_validations.dataValidation]
    assert any(f.startswith("=Lists!") for f in dv)


def test_round_trip_template_read_write_read_gives_the_same_data(tmp_path):
    company, acts, screening, _ = read_template(SAMPLE)
    again = write_template(tmp_path / "again.xlsx", company=company, rows=acts, screening=screening)
    company2, acts2, screening2, _ = read_template(again)
    assert company2 == company
    cols = ["sheet", "row", "year", "activity", "category", "country", "quantity", "unit", "factor_kg_co2e"]
    pd.testing.assert_frame_equal(acts[cols].reset_index(drop=True), acts2[cols].reset_index(drop=True),
                                  check_dtype=False)
    assert screening2 == screening


def test_the_input_file_is_never_overwritten(filled):
    from workbook.climate.footprint.results import write_results

    before = filled.read_bytes()
    with pytest.raises(InputError):
        write_results(load_footprint(filled), filled, protect=(filled,))
    assert filled.read_bytes() == before


@pytest.mark.parametrize("cell,value,column,words", [
    ("E2", "twelve", "Quantity", "text where a number belongs"),
    ("E2", -3, "Quantity", "negative"),
    ("E2", "=2*3", "Quantity", "formula"),
    ("F2", "kg", "Unit", "does not fit"),
    ("F2", "bananas", "Unit", "not a unit"),
    ("B2", "garments", "Activity", "does not belong on this sheet"),
    ("D2", "Holland", "Country", "ISO 3166"),
    ("A2", 20255, "Year", "not a year"),
])
def test_each_bad_cell_is_named_with_sheet_row_column_and_fix(filled, cell, value, column, words):
    ps = problems(edit(filled, "Fuels", cell, value))
    match = [p for p in ps if p.sheet == "Fuels" and p.row == 2 and p.column == column]
    assert match and words in match[0].message and match[0].fix


def test_all_problems_are_listed_at_once(filled):
    edit(filled, "Fuels", "E2", "x")
    edit(filled, "Energy", "F3", "kg")
    edit(filled, "Company", "B5", "last year")
    ps = problems(filled)
    assert {(p.sheet, p.column) for p in ps} >= {("Fuels", "Quantity"), ("Energy", "Unit"), ("Company", "Value")}


def test_a_renamed_or_missing_sheet_is_named(filled):
    """A sheet renamed to neither its English nor its Dutch name is missing (``Reizen``, the Dutch
    template's name for Travel, is read as Travel)."""
    wb = openpyxl.load_workbook(filled)
    wb["Travel"].title = "Trips"
    wb.save(filled)
    ps = problems(filled)
    assert any(p.sheet == "Travel" and "missing" in p.message for p in ps)


def test_a_renamed_column_is_named(filled):
    ps = problems(edit(filled, "Waste", "F1", "Amount"))
    assert any(p.sheet == "Waste" and p.column == "F" and "Quantity" in p.message for p in ps)


def test_not_an_excel_file(tmp_path):
    p = tmp_path / "notes.xlsx"
    p.write_text("hello")
    assert "not an Excel" in problems(p)[0].message


def test_a_password_protected_workbook(tmp_path):
    p = tmp_path / "locked.xlsx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert "password" in problems(p)[0].message


def test_a_corrupt_workbook(tmp_path):
    p = tmp_path / "broken.xlsx"
    p.write_bytes(SAMPLE.read_bytes()[:3000])
    assert "damaged" in problems(p)[0].message or "cannot be read" in problems(p)[0].message


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path):
    p = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"0" * 60_000_000)
    assert "zip bomb" in problems(p)[0].message


def test_an_oversized_file_is_refused(tmp_path, monkeypatch):
    import workbook.climate.footprint.template as t

    monkeypatch.setattr(t, "MAX_FILE_BYTES", 1000)
    with pytest.raises(InputError) as e:
        load_footprint(SAMPLE)
    assert "MB" in e.value.problems[0].message


CELL = st.one_of(st.none(), st.integers(-10**6, 10**9), st.floats(allow_nan=True, allow_infinity=True),
                 st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12), st.sampled_from(["natural_gas", "kWh", "m3", "NL", "=1+1", "2025", "-1"]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(CELL, min_size=10, max_size=10), min_size=1, max_size=4))
def test_random_cell_contents_give_a_result_or_a_clean_error_list(tmp_path_factory, cells):
    p = tmp_path_factory.mktemp("h") / "random.xlsx"
    write_template(p, company=Company(name="H", reporting_year=2025))
    wb = openpyxl.load_workbook(p)
    ws = wb["Fuels"]
    for r, row in enumerate(cells, start=2):
        for c, v in enumerate(row, start=1):
            if isinstance(v, str) and v.startswith("="):
                ws.cell(r, c).value = v  # a real formula
            else:
                ws.cell(r, c).value = v
    wb.save(p)
    try:
        inv = load_footprint(p)
        assert inv.reporting_year == 2025
    except InputError as e:
        assert e.problems and all(pr.message for pr in e.problems)


def test_formula_cells_are_found_in_linear_time_after_many_inline_strings():
    """A single regular expression over the sheet backtracked quadratically on inline strings:
    a 10,000-row template took minutes to read. The scan goes from each formula to its cell."""
    import time

    from workbook.safeinput import formula_refs

    cells = "".join(f'<c r="A{i}" t="inlineStr"><is><t>text {i}</t></is></c><c r="B{i}"><v>{i}</v></c>'
                    for i in range(1, 40_001))
    xml = (f'<worksheet><sheetData><row r="1">{cells}<c r="F40001" s="1"><f>SUM(B1:B2)</f><v>3</v></c>'
           '<c r="G40001"><f t="shared" si="0"/><v>1</v></c></row></sheetData>'
           '<dataValidations><dataValidation><formula1>Lists!$A$2:$A$9</formula1></dataValidation>'
           '</dataValidations></worksheet>').encode()
    t0 = time.perf_counter()
    refs = formula_refs(xml)
    assert time.perf_counter() - t0 < 2.0
    assert refs == {"F40001", "G40001"}
