"""The template and the results file open in a real spreadsheet program (LibreOffice Calc).

Both files are converted with LibreOffice headless (it opens the file and saves it again as
.xlsx, recalculating formulas); the converted files must keep the drop-down lists, the data
and the summary values. Skips with a message where LibreOffice is not installed (`.ci/run`
installs Debian's libreoffice-calc).
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from workbook.climate.footprint.load import load_footprint
from workbook.climate.footprint.inventory import by_category, footprint_json
from workbook.climate.footprint.results import write_results
from workbook.climate.footprint.template import DATA_SHEETS, read_template, write_template
from workbook.paths import data_dir

SAMPLE = data_dir() / "companies" / "noordzee-apparel" / "footprint.xlsx"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# LibreOffice saves a validation only over the used rows plus 1,000 empty ones (Calc 7.4).
LO_SPARE_ROWS = 1000

pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: `apt-get install -y "
    "--no-install-recommends libreoffice-calc` to run the spreadsheet round-trip tests")


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, Path]:
    """A blank template, a filled template and a results file, each opened and saved by LibreOffice."""
    tmp = tmp_path_factory.mktemp("lo")
    src = tmp / "src"
    src.mkdir()
    company, acts, screening, _ = read_template(SAMPLE)
    write_template(src / "blank.xlsx")
    write_template(src / "filled.xlsx", company=company, rows=acts, screening=screening)
    write_results(load_footprint(SAMPLE), src / "results.xlsx")
    out = tmp / "out"
    files = [str(src / n) for n in ("blank.xlsx", "filled.xlsx", "results.xlsx")]
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
                           "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), *files],
                          capture_output=True, text=True, timeout=300)
    missing = [f for f in files if not (out / Path(f).name).exists()]
    assert not missing, f"LibreOffice did not convert {missing}: {done.stdout} {done.stderr}"
    return {"src": src, "out": out}


def _validations(path: Path, sheet: str) -> dict[str, tuple[str, str, str]]:
    """Per column letter: (type, list source without '=' or '$', covered range)."""
    ws = openpyxl.load_workbook(path)[sheet]
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            col = "".join(ch for ch in rng.split(":")[0] if ch.isalpha())
            out[col] = (dv.type, (dv.formula1 or "").lstrip("=").replace("$", ""), rng)
    return out


def _last_row(rng: str) -> int:
    return int("".join(ch for ch in rng.split(":")[-1] if ch.isdigit()))


@pytest.mark.parametrize("name", ["blank.xlsx", "filled.xlsx"])
def test_the_drop_down_lists_survive_a_save_in_libreoffice(converted, name):
    for sheet in DATA_SHEETS:
        before = _validations(converted["src"] / name, sheet.name)
        after = _validations(converted["out"] / name, sheet.name)
        assert len(before) >= 5, sheet.name  # activity, country, quantity, unit, year at least
        assert set(after) == set(before), sheet.name
        used = openpyxl.load_workbook(converted["out"] / name)[sheet.name].max_row
        for col, (kind, source, rng) in before.items():
            kind2, source2, rng2 = after[col]
            assert (kind2, source2) == (kind, source), (sheet.name, col)
            assert rng2.startswith(f"{col}2:")
            assert _last_row(rng2) >= min(_last_row(rng), used + LO_SPARE_ROWS), (sheet.name, col, rng2)
    lists = _validations(converted["out"] / name, "Fuels")
    assert lists["B"][0] == "list" and lists["B"][1].startswith("Lists!")


def test_the_lists_sheet_stays_hidden_and_keeps_its_values(converted):
    before = openpyxl.load_workbook(converted["src"] / "blank.xlsx")["Lists"]
    after = openpyxl.load_workbook(converted["out"] / "blank.xlsx")["Lists"]
    assert after.sheet_state == "hidden"
    assert [[c.value for c in r] for r in after.iter_rows()] == [[c.value for c in r] for r in before.iter_rows()]


def test_a_template_saved_by_libreoffice_reads_back_to_the_same_data(converted):
    company, acts, screening, problems = read_template(converted["src"] / "filled.xlsx")
    company2, acts2, screening2, problems2 = read_template(converted["out"] / "filled.xlsx")
    assert problems == problems2 == []
    assert company2 == company
    cols = ["sheet", "row", "year", "activity", "category", "description", "country", "quantity", "unit",
            "factor_kg_co2e", "factor_unit", "data_quality"]
    pd.testing.assert_frame_equal(acts[cols].reset_index(drop=True), acts2[cols].reset_index(drop=True),
                                  check_dtype=False)
    assert screening2 == screening


def test_the_summary_values_survive_a_save_in_libreoffice(converted):
    fj = footprint_json(load_footprint(SAMPLE))
    ws = openpyxl.load_workbook(converted["out"] / "results.xlsx", data_only=True)["Summary"]
    values = {r[0]: r[1] for r in ws.iter_rows(min_row=2, max_col=2, values_only=True) if r[0]}
    for key in ("scope1", "scope2_location", "scope2_market", "scope3_total", "total_location",
                "total_market", "data_quality"):
        assert values[key] == pytest.approx(fj[key]), key
    for cat, t in fj["scope3"].items():
        assert values[f"scope3.{cat}"] == pytest.approx(t), cat
    assert values["reporting_year"] == fj["reporting_year"]
    assert values["company"] == fj["company"]


def test_the_category_table_and_sheets_survive_a_save_in_libreoffice(converted):
    inv = load_footprint(SAMPLE)
    wb = openpyxl.load_workbook(converted["out"] / "results.xlsx", data_only=True)
    assert wb.sheetnames == openpyxl.load_workbook(converted["src"] / "results.xlsx").sheetnames
    rows = list(wb["By category"].iter_rows(min_row=2, max_col=3, values_only=True))
    expected = by_category(inv)
    assert [r[0] for r in rows] == list(expected["part"])
    assert [r[2] for r in rows] == pytest.approx([round(x, 3) for x in expected["t_co2e"]])


def test_the_checks_sheet_survives_a_save_in_libreoffice(converted):
    inv = load_footprint(SAMPLE)
    assert inv.warnings
    rows = list(openpyxl.load_workbook(converted["out"] / "results.xlsx", data_only=True)["Checks"]
                .iter_rows(min_row=2, max_row=1 + len(inv.warnings), values_only=True))
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [(w["sheet"], w["row"], w["column"], w["message"])
                                                        for w in inv.warnings]
