"""Hostile and huge inputs: every reader answers with a clean problem list (exit status 2) or a
correct result, within a time and memory cap, without a traceback and without changing the input.

Each case runs the real command (``workbook.cli.main``) or reader in a forked child with a memory
cap and a time limit (tests/capped.py). Hand-made files cover the kinds of input that broke the
readers (zip tricks, a sheet that claims a million columns, XML entities, bad checksums, control
characters, encodings, NUL bytes, unclosed quotes, YAML anchor bombs and deep nesting, duplicate
keys, impossible dates, giant integers, folders and devices); hypothesis adds random variations.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from capped import run_capped
from workbook.cli import main
from workbook.errors import InputError, WorkbookError

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "data/companies/noordzee-apparel/footprint.xlsx"
SUPPLIERS = ROOT / "data/companies/noordzee-apparel/supplier_map.xlsx"
SCENARIO = ROOT / "data/forced_labour/flr/scenarios/sofa_export.yaml"
CASE_TIMEOUT_S = 60
CASE_MEMORY_MB = 1500


@pytest.fixture(scope="module", autouse=True)
def warm_caches():
    """Load the course data once here: every forked case then starts with it in memory."""
    from workbook.curriculum import load_curriculum
    from workbook.exercises import load_bank
    from workbook.forced_labour.hrdd import risk
    from workbook.forced_labour.hrdd.supplier_map import read_supplier_map

    load_curriculum()
    load_bank()
    risk.score_suppliers(read_supplier_map(SUPPLIERS).table)
    for argv in (["footprint", str(TEMPLATE), "--json"],
                 ["targets", str(TEMPLATE), "--target-year", "2030", "--submitted", "2026-H2", "--json"],
                 ["flr-check", str(SCENARIO), "--json"], ["progress", "--json"]):
        assert main(argv) == 0


def sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def run_cli(argv: list[str], watched: Path | None = None, allowed=(0, 2)):
    """Run one command capped; assert a clean ending and an untouched input; return the outcome."""
    before = sha(watched) if watched else None
    outcome = run_capped(lambda: main(argv), timeout=CASE_TIMEOUT_S, memory_mb=CASE_MEMORY_MB,
                         expected=(SystemExit,))
    assert outcome.status in ("returned", "raised"), (outcome.status, outcome.output[-2000:])
    assert "Traceback" not in outcome.output, outcome.output[-3000:]
    if outcome.status == "returned":
        assert int(outcome.value) in allowed, (outcome.value, outcome.output[-2000:])
    if watched:
        assert sha(watched) == before, "the input file was changed"
    return outcome


def refused(argv, watched=None) -> str:
    """The case ends with exit status 2 and a problem list that says what to do."""
    outcome = run_cli(argv, watched, allowed=(2,))
    assert "Fix:" in outcome.output or "error:" in outcome.output or '"error"' in outcome.output, outcome.output
    return outcome.output


# ---------------------------------------------------------------- building hostile files
def rezip(src: Path, dst: Path, edit=None, extra: dict | None = None) -> Path:
    """Copy an .xlsx package, passing each member's bytes through ``edit(name, data)``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if edit:
                data = edit(info.filename, data)
            zout.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dst


def member_of(path: Path, sheet: str) -> str:
    from workbook.safeinput import sheet_members

    with zipfile.ZipFile(path) as z:
        return sheet_members(z)[sheet]


def far_corner(src: Path, dst: Path, sheet: str) -> Path:
    """One value in cell XFD1048576 and a dimension that claims the whole sheet."""
    member = member_of(src, sheet)

    def edit(name, data):
        if name != member:
            return data
        data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
        return data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
    return rezip(src, dst, edit)


def claimed_dimension_only(src: Path, dst: Path, sheet: str) -> Path:
    member = member_of(src, sheet)
    return rezip(src, dst, lambda n, d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', d)
                 if n == member else d)


def with_entity(src: Path, dst: Path, sheet: str) -> Path:
    member = member_of(src, sheet)

    def edit(name, data):
        if name != member:
            return data
        head, _, rest = data.partition(b"?>")
        return head + b'?><!DOCTYPE worksheet [<!ENTITY boom "boom">]>' + rest if rest else \
            b'<!DOCTYPE worksheet [<!ENTITY boom "boom">]>' + data
    return rezip(src, dst, edit)


def with_bad_crc(src: Path, dst: Path, member: str) -> Path:
    shutil.copyfile(src, dst)
    with zipfile.ZipFile(dst) as z:
        info = z.getinfo(member)
    raw = bytearray(dst.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw[start + info.compress_size // 2] ^= 0xFF
    dst.write_bytes(bytes(raw))
    return dst


def with_control_character(src: Path, dst: Path, sheet: str = "Fuels") -> Path:
    """A vertical tab, as Excel writes it (_x000B_), in the description of the first data row."""
    from python_calamine import CalamineWorkbook

    description = CalamineWorkbook.from_path(str(src)).get_sheet_by_name(sheet).to_python()[1][2]
    target = f">{description}</t>".encode()

    def edit(name, data):
        if name == "xl/sharedStrings.xml" or name == member_of(src, sheet):
            return data.replace(target, f">{description}_x000B_</t>".encode(), 1)
        return data
    return rezip(src, dst, edit)


def zip_bomb(dst: Path) -> Path:
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * 60_000_000)
    return dst


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    """Every hand-made hostile file, written once."""
    d = tmp_path_factory.mktemp("hostile")
    files = {
        "template_far_corner": far_corner(TEMPLATE, d / "far_corner.xlsx", "Fuels"),
        "template_claims_dimension": claimed_dimension_only(TEMPLATE, d / "claims.xlsx", "Fuels"),
        "template_entity": with_entity(TEMPLATE, d / "entity.xlsx", "Fuels"),
        "template_bad_crc": with_bad_crc(TEMPLATE, d / "bad_crc.xlsx", member_of(TEMPLATE, "Fuels")),
        "template_control": with_control_character(TEMPLATE, d / "control.xlsx"),
        "template_bomb": zip_bomb(d / "bomb.xlsx"),
        "suppliers_far_corner": far_corner(SUPPLIERS, d / "suppliers_far_corner.xlsx", "Suppliers"),
        "suppliers_entity": with_entity(SUPPLIERS, d / "suppliers_entity.xlsx", "Suppliers"),
        "suppliers_bad_crc": with_bad_crc(SUPPLIERS, d / "suppliers_bad_crc.xlsx", member_of(SUPPLIERS, "Suppliers")),
    }
    for name, data in {
        "garbage.xlsx": os.urandom(5000), "truncated.xlsx": TEMPLATE.read_bytes()[:3000], "empty.xlsx": b"",
        "binary.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000),
        "nul.csv": b"scope,category,activity,country,quantity,unit\n1,,natural_gas,NL,5\x00,m3\n",
        "bad_encoding.csv": b"scope,category,activity,country,quantity,unit,description\n1,,natural_gas,NL,5,m3,\x81\x8d\n",
        "unclosed_quote.csv": b'scope,category,activity,country,quantity,unit,description\n1,,natural_gas,NL,5,m3,"boiler\n'
                              b"2,,electricity,NL,100,kWh,office\n",
        "field_count.csv": b"scope,category,activity,country,quantity,unit\n1,,natural_gas,NL,5,m3,extra\n",
        "short_row.csv": b"scope,category,activity,country,quantity,unit\n1,,natural_gas,NL\n",
        "huge_field.csv": b'scope,category,activity,country,quantity,unit,description\n1,,natural_gas,NL,5,m3,"'
                          + b"x" * 200_000 + b'"\n',
        "overflow.csv": b"scope,category,activity,country,quantity,unit\n2,,electricity,NL,1e308,kWh\n"
                        b"2,,electricity,NL,1e308,kWh\n",
        "giant_int.csv": b"scope,category,activity,country,quantity,unit\n1,,natural_gas,NL," + b"9" * 5000 + b",m3\n",
        "dutch_ambiguous.csv": b"scope;category;activity;country;quantity;unit\n1;;natural_gas;NL;12.500;m3\n",
        "control.csv": b"scope,category,activity,country,quantity,unit,description\n1,,natural_gas,NL,5,m3,a\x0bb\n",
        "suppliers_binary.csv": b"\x00\x01\x02" * 1000,
        "suppliers_nul.csv": b"supplier,tier,country,goods\nAcme\x00,1,BD,garments\n",
        "suppliers_huge_field.csv": b'supplier,tier,country,goods\n"' + b"y" * 200_000 + b'",1,BD,garments\n',
        "levers_binary.csv": b"\x00\xff" * 100,
        "levers_utf16.csv": "lever,adoption\nrenewable_electricity_own,50 %\n".encode("utf-16"),
        "scenario_bomb.yaml": ("a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n"
                               + "".join(f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]\n"
                                         for p, c in zip("abcdefgh", "bcdefghi"))).encode(),
        "scenario_deep.yaml": b"[" * 100_000 + b"]" * 100_000,
        "scenario_recursive.yaml": b"a: &a [*a]\n",
        "scenario_duplicate.yaml": SCENARIO.read_bytes() + b"\nis_product: false\n",
        "scenario_bad_date.yaml": SCENARIO.read_bytes() + b"\nactivity_date: 2027-02-30\n",
        "scenario_datetime.yaml": SCENARIO.read_bytes() + b"\nactivity_date: 2028-01-05 10:00:00\n",
        "scenario_giant_int.yaml": b"description: " + b"9" * 5000 + b"\n",
        "scenario_binary.yaml": os.urandom(3000),
        "footprint_deep.json": b"[" * 100_000 + b"]" * 100_000,
        "footprint_giant.json": b'{"reporting_year": ' + b"9" * 5000 + b"}",
        "footprint_nan.json": b'{"reporting_year": 2024, "scope1": NaN}',
    }.items():
        (d / name).write_bytes(data)
        files[name] = d / name
    (d / "folder.csv").mkdir()
    files["folder.csv"] = d / "folder.csv"
    (d / "folder.xlsx").mkdir()
    files["folder.xlsx"] = d / "folder.xlsx"
    (d / "folder.yaml").mkdir()
    files["folder.yaml"] = d / "folder.yaml"
    return files


# ---------------------------------------------------------------- the Excel readers
@pytest.mark.parametrize("name", ["template_far_corner", "template_claims_dimension", "template_entity",
                                  "template_bad_crc", "template_control", "template_bomb", "garbage.xlsx",
                                  "truncated.xlsx", "empty.xlsx", "folder.xlsx"])
@pytest.mark.parametrize("command", ["footprint", "targets"])
def test_hostile_workbooks_are_refused_cleanly_by_footprint_and_targets(hostile, name, command):
    """A sheet that claims a million columns, an XML entity, a bad checksum, a zip bomb, control
    characters, garbage, a folder: a problem list and exit status 2, in bounded memory."""
    argv = [command, str(hostile[name])] + (["--target-year", "2030"] if command == "targets" else [])
    text = refused(argv, hostile[name])
    if name == "template_control":
        assert "control character" in text and "row" in text


@pytest.mark.parametrize("name", ["suppliers_far_corner", "suppliers_entity", "suppliers_bad_crc", "garbage.xlsx",
                                  "folder.xlsx"])
def test_hostile_supplier_workbooks_are_refused_cleanly(hostile, name):
    refused(["risk", str(hostile[name])], hostile[name])


def test_the_device_null_is_not_read_as_an_input():
    refused(["footprint", os.devnull])


# ---------------------------------------------------------------- text readers
@pytest.mark.parametrize("name", ["binary.csv", "nul.csv", "bad_encoding.csv", "unclosed_quote.csv",
                                  "field_count.csv", "short_row.csv", "huge_field.csv", "overflow.csv",
                                  "giant_int.csv", "dutch_ambiguous.csv", "control.csv", "folder.csv"])
def test_hostile_activity_csvs_are_refused_with_the_row(hostile, name):
    text = refused(["footprint", str(hostile[name]), "--year", "2025"], hostile[name])
    if name not in ("binary.csv", "folder.csv", "huge_field.csv"):
        assert "row " in text


@pytest.mark.parametrize("name", ["suppliers_binary.csv", "suppliers_nul.csv", "folder.csv", "binary.csv"])
def test_hostile_supplier_csvs_are_refused_cleanly(hostile, name):
    refused(["risk", str(hostile[name])], hostile[name])


def test_a_supplier_field_over_128_kb_is_read(hostile):
    """Python's csv module stops at 128 KB per field; a long note is still a note."""
    run_cli(["risk", str(hostile["suppliers_huge_field.csv"])], hostile["suppliers_huge_field.csv"],
            allowed=(0, 2))


@pytest.mark.parametrize("name", ["scenario_bomb.yaml", "scenario_deep.yaml", "scenario_recursive.yaml",
                                  "scenario_duplicate.yaml", "scenario_bad_date.yaml", "scenario_datetime.yaml",
                                  "scenario_giant_int.yaml", "scenario_binary.yaml", "folder.yaml"])
def test_hostile_scenarios_are_refused_cleanly(hostile, name):
    """An anchor bomb, 100,000 levels of nesting, a key given twice (which would flip an answer),
    30 February, a time where a date belongs, a 5,000-digit number, binary data, a folder."""
    text = refused(["flr-check", str(hostile[name]), "--json"], hostile[name])
    assert json.loads(text[text.index("{"):])["problems"]


@pytest.mark.parametrize("name", ["levers_binary.csv", "scenario_bomb.yaml", "scenario_duplicate.yaml", "folder.csv"])
def test_hostile_lever_files_are_refused_cleanly(hostile, name, tmp_path):
    levers = tmp_path / ("levers" + Path(name).suffix) if not hostile[name].is_dir() else hostile[name]
    if not hostile[name].is_dir():
        shutil.copyfile(hostile[name], levers)
    refused(["targets", str(TEMPLATE), "--target-year", "2030", "--levers", str(levers)], levers)


def test_a_utf16_lever_file_is_read(hostile):
    run_cli(["targets", str(TEMPLATE), "--target-year", "2030", "--submitted", "2026-H2",
             "--levers", str(hostile["levers_utf16.csv"])], hostile["levers_utf16.csv"], allowed=(0,))


@pytest.mark.parametrize("name", ["footprint_deep.json", "footprint_giant.json", "footprint_nan.json"])
def test_hostile_footprint_json_is_refused_by_targets(hostile, name):
    refused(["targets", str(hostile[name]), "--target-year", "2030"], hostile[name])


# ---------------------------------------------------------------- the progress store
PROGRESS_CASES = {
    "entries of every wrong kind": {"format": 1, "answers": {"a": 5, "b": [1, 2], "c": None, "d": "x"}, "data": {}},
    "answers that are a list": {"format": 1, "answers": [1, 2, 3], "data": {}},
    "a top level that is a list": [1, 2, 3],
    "a giant integer": '{"format": 1, "answers": {"a": {"attempts": ' + "9" * 5000 + ', "correct": true}}, "data": {}}',
    "deep nesting": '{"format": 1, "answers": {"a": {"value": ' + "[" * 100_000 + "]" * 100_000 + "}}}",
    "deep nesting inside one answer": '{"format": 1, "answers": {"ok": {"attempts": 1, "correct": true, "value": 1},'
                                      ' "a": {"value": ' + "[" * 200 + "]" * 200 + "}}, \"data\": {}}",
    "NaN and strings where numbers belong": '{"format": 1, "answers": {"a": {"attempts": "3", "correct": NaN}}}',
}


@pytest.mark.parametrize("case", sorted(PROGRESS_CASES))
def test_nothing_in_a_corrupt_progress_file_crashes_progress_the_export_or_the_cohort_view(home, tmp_path, case):
    doc = PROGRESS_CASES[case]
    text = doc if isinstance(doc, str) else json.dumps(doc)
    cohort = tmp_path / "cohort" / "participant"
    cohort.mkdir(parents=True)
    (cohort / "progress.json").write_text(text, encoding="utf-8")
    run_cli(["cohort", str(cohort.parent), "--json"], cohort / "progress.json", allowed=(0, 2))  # read only
    for argv in (["progress", "--json"], ["progress", "--export", str(tmp_path / "answers.xlsx")]):
        (home / "progress.json").write_text(text, encoding="utf-8")
        run_cli(argv, allowed=(0,))
    assert (tmp_path / "answers.xlsx").is_file()


def test_a_malformed_entry_is_set_aside_and_the_rest_kept(home):
    from workbook.course.progress import ProgressStore

    good = {"attempts": 2, "correct": True, "value": "b", "saved_at": "2026-01-01T00:00:00+00:00"}
    (home / "progress.json").write_text(json.dumps({"format": 1, "answers": {"ok": good, "bad": [1]}, "data": {}}))
    store = ProgressStore(home)
    with pytest.warns(Warning, match="set aside"):
        answers = store.answers()
    assert answers == {"ok": good}
    kept = list(home.glob("progress.corrupt-*.json"))
    assert len(kept) == 1 and '"bad"' in kept[0].read_text()
    assert json.loads((home / "progress.json").read_text())["answers"] == {"ok": good}


def test_a_progress_file_with_a_bom_is_read(home):
    from workbook.course.progress import ProgressStore

    doc = {"format": 1, "answers": {"q": {"attempts": 1, "correct": True, "value": 3}}, "data": {}}
    (home / "progress.json").write_bytes(b"\xef\xbb\xbf" + json.dumps(doc).encode())
    store = ProgressStore(home)
    assert store.answers() == doc["answers"] and store.warning is None


def test_a_home_that_is_a_file_is_reported_not_a_crash(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.write_text("not a folder")
    monkeypatch.setenv("WORKBOOK_HOME", str(home))
    out = run_cli(["progress"], allowed=(0,))
    assert "cannot be used" in out.output
    from workbook.course.progress import ProgressStore

    with pytest.raises(WorkbookError, match="could not be saved"):
        ProgressStore(home).record("q", 1)


def test_numpy_answers_are_saved(home):
    import numpy as np

    from workbook.course.progress import ProgressStore

    store = ProgressStore(home)
    store.record("q", np.float64(2.5), correct=np.bool_(True), checked=True)
    store.set_data("mix", {"a": np.int64(3), "b": np.array([1.0, float("nan")])})
    assert store.answer("q")["value"] == 2.5 and store.answer("q")["correct"] is True
    assert store.get_data("mix") == {"a": 3, "b": [1.0, None]}


def test_temporary_files_of_an_interrupted_save_are_removed_on_the_next_save(home):
    from workbook.course.progress import ProgressStore

    store = ProgressStore(home)
    store.record("q", 1)
    for i in range(3):
        (home / f".progress.json.abc{i}.tmp").write_text("half a save")
    store.record("q", 2)
    assert not list(home.glob(".progress.json.*.tmp"))
    assert store.answer("q")["value"] == 2


def test_a_notebook_session_opens_on_a_corrupt_file(home):
    from workbook.course.session import Session

    (home / "progress.json").write_text('{"format": 1, "answers": {"a": 7}, "data": []}')
    outcome = run_capped(lambda: len(Session(quiet=True).store.answers()), timeout=CASE_TIMEOUT_S,
                         memory_mb=CASE_MEMORY_MB)
    assert outcome.status == "returned" and outcome.value == "0", outcome.output


# ---------------------------------------------------------------- results the participant meant
def test_doubled_quotes_in_a_supplier_csv_are_read_as_excel_writes_them(tmp_path):
    p = tmp_path / "suppliers.csv"
    p.write_text('supplier,tier,country,goods\n"Acme ""Best"" Knit, Dhaka",1,BD,garments\n', encoding="utf-8")
    from workbook.forced_labour.hrdd.supplier_map import read_supplier_map

    assert read_supplier_map(p).table["supplier"].tolist() == ['Acme "Best" Knit, Dhaka']


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_supplier_csvs_in_the_encodings_excel_saves_are_read(tmp_path, encoding):
    p = tmp_path / "suppliers.csv"
    p.write_bytes("supplier;tier;country;goods\nTecidos Conceição;2;PT;fabric\n".encode(encoding))
    from workbook.forced_labour.hrdd.supplier_map import read_supplier_map

    assert read_supplier_map(p).table["supplier"].tolist() == ["Tecidos Conceição"]


@pytest.mark.parametrize("cells, expected_m3", [
    (["12.500", "1.800,5"], 12500.0),   # decimal commas elsewhere: the dot groups thousands
    (["12.500", "1800.5"], 12.5),       # decimal points elsewhere: the dot is a decimal point
    (["12.500,0", "7"], 12500.0),
])
def test_a_dutch_thousands_separator_is_read_as_meant(tmp_path, cells, expected_m3):
    from workbook.climate.footprint.activity_csv import read_activity_csv

    p = tmp_path / "nl.csv"
    p.write_text("scope;category;activity;country;quantity;unit\n"
                 f"1;;natural_gas;NL;{cells[0]};m3\n2;;electricity;NL;{cells[1]};kWh\n", encoding="utf-8")
    assert read_activity_csv(p)["quantity"].iloc[0] == expected_m3


def test_a_lone_dutch_thousands_separator_is_refused_as_ambiguous_naming_the_cell(tmp_path):
    from workbook.climate.footprint.activity_csv import read_activity_csv

    p = tmp_path / "nl.csv"
    p.write_text("scope;category;activity;country;quantity;unit\n1;;natural_gas;NL;12.500;m3\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_activity_csv(p)
    [problem] = e.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "quantity", "12.500") and "ambiguous" in problem.message


def test_targets_refuses_what_footprint_refuses_in_the_reporting_year(tmp_path):
    """A wrong unit in a row of the reporting year fails ``targets`` too, whatever the base year."""
    import openpyxl

    p = tmp_path / "t.xlsx"
    wb = openpyxl.load_workbook(TEMPLATE)
    ws = wb["Energy"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == 2025)
    ws.cell(row, 6).value = "furlongs"
    wb.save(p)
    assert main(["footprint", str(p)]) == 2
    assert main(["targets", str(p), "--target-year", "2030", "--base-year", "2024"]) == 2


# ---------------------------------------------------------------- random variations
def _capped_reader(reader, path: Path):
    outcome = run_capped(lambda: type(reader(path)).__name__, timeout=CASE_TIMEOUT_S, memory_mb=CASE_MEMORY_MB,
                         expected=(InputError, WorkbookError))
    assert outcome.clean, (outcome.status, outcome.output[-3000:])
    return outcome


CSV_ALPHABET = st.sampled_from(list('abc,;"\n\r\t 0123456789.-eE\x00\x0b€é') + ["NL", "kWh", "natural_gas", '""'])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.lists(CSV_ALPHABET, max_size=200), raw=st.binary(max_size=300),
       encoding=st.sampled_from(["utf-8", "utf-16", "cp1252", "raw"]))
def test_random_activity_and_supplier_csvs_give_a_result_or_a_clean_error(tmp_path_factory, body, raw, encoding):
    from workbook.climate.footprint.activity_csv import read_activity_csv
    from workbook.forced_labour.hrdd.supplier_map import read_supplier_map

    d = tmp_path_factory.mktemp("csv")
    text = "scope,category,activity,country,quantity,unit\n" + "".join(body)
    data = raw if encoding == "raw" else text.encode(encoding, errors="replace")
    (d / "a.csv").write_bytes(data)
    _capped_reader(read_activity_csv, d / "a.csv")
    (d / "s.csv").write_bytes(data.replace(b"scope,category,activity,country,quantity,unit",
                                           b"supplier,tier,country,goods"))
    _capped_reader(read_supplier_map, d / "s.csv")


YAML_ALPHABET = st.sampled_from(list("ab:-[]{}&*!|>'\"#\n ,?0123456789") + ["is_product", "true", "&x", "*x", "<<"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.lists(YAML_ALPHABET, max_size=120))
def test_random_scenarios_and_lever_files_give_a_result_or_a_clean_error(tmp_path_factory, body):
    from workbook.climate.targets.levers import read_lever_settings
    from workbook.forced_labour.flr.applicability import check_dict, load_scenario_file

    d = tmp_path_factory.mktemp("yaml")
    p = d / "s.yaml"
    p.write_text("".join(body), encoding="utf-8")
    _capped_reader(lambda path: check_dict(load_scenario_file(path), file=path.name), p)
    _capped_reader(read_lever_settings, p)


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
                           lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children,
                                                                                              max_size=4), max_leaves=20)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.dictionaries(st.text(max_size=6), JSON_VALUES, max_size=5), data=JSON_VALUES)
def test_random_progress_documents_never_crash_the_store_or_the_export(tmp_path_factory, answers, data):
    from workbook.course.progress import ProgressStore
    from workbook.course.progress_report import export_excel
    from workbook.curriculum import load_curriculum
    from workbook.exercises import load_bank

    home = tmp_path_factory.mktemp("home")
    (home / "progress.json").write_text(json.dumps({"format": 1, "answers": answers, "data": data}), encoding="utf-8")

    def case():
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            doc = ProgressStore(home).read()
        return export_excel(home / "exports" / "a.xlsx", load_curriculum(), load_bank(), doc).name

    outcome = run_capped(case, timeout=CASE_TIMEOUT_S, memory_mb=CASE_MEMORY_MB)
    assert outcome.status == "returned" and "Traceback" not in outcome.output, outcome.output[-3000:]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(0, 10**9), st.integers(1, 255)), min_size=1, max_size=6))
def test_damaged_templates_give_a_result_or_a_clean_error(tmp_path_factory, flips):
    from workbook.climate.footprint.load import load_footprint

    raw = bytearray(TEMPLATE.read_bytes())
    for pos, xor in flips:
        raw[pos % len(raw)] ^= xor
    p = tmp_path_factory.mktemp("xlsx") / "t.xlsx"
    p.write_bytes(bytes(raw))
    _capped_reader(load_footprint, p)
