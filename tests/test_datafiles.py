"""The CSV dialect: every bad cell is reported with its file, line, column and fix."""
import datetime as dt

import pytest

from workbook.datafiles import Column, RowProblem, parse_columns
from workbook.errors import ContentError
from workbook.schemas import problems, read_csv

SCHEMA = """
_shared:
  quality: &quality {type: str, required: true, allowed: [P, S, W, U]}
facts.csv:
  description: Test facts.
  columns:
    id: {type: str, unique: true, pattern: "[a-z0-9_]+"}
    value: {type: float, required: false, min: 0}
    year: {type: int, min: 2000, max: 2100}
    date: {type: date, required: false}
    tags: {type: list, required: false, references: "tags.csv:tag"}
    quality: *quality
    verified: {type: bool}
    source: {type: str}
tags.csv:
  description: Test tags.
  columns:
    tag: {type: str, unique: true}
    source: {type: str}
"""
HEADER = "id,value,year,date,tags,quality,verified,source"
GOOD = "a,1.5,2024,2024-12-13,red; blue,P,true,Publisher A"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "schemas.yaml").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "tags.csv").write_text("tag,source\nred,Publisher B\nblue,Publisher B\n", encoding="utf-8")
    return tmp_path


def _facts(folder, *rows):
    path = folder / "facts.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _error(folder, *rows) -> str:
    with pytest.raises(ContentError) as info:
        read_csv(_facts(folder, *rows))
    return str(info.value)


def test_a_good_file_gives_typed_rows(folder):
    rows = read_csv(_facts(folder, GOOD, "b,,2023,,,U,false,Publisher A"))
    assert rows[0] == {"id": "a", "value": 1.5, "year": 2024, "date": dt.date(2024, 12, 13),
                       "tags": ["red", "blue"], "quality": "P", "verified": True, "source": "Publisher A"}
    assert rows[1]["value"] is None and rows[1]["tags"] == [] and rows[1]["verified"] is False


def test_a_bad_type_names_file_line_column_and_fix(folder):
    message = _error(folder, GOOD, "b,1.779,20x4,,,P,true,Publisher A")
    assert message == ("facts.csv: line 3, column 'year': must be a whole number, found '20x4'. "
                       "Fix: write a whole number (digits only)")


def test_a_value_is_required_unless_the_column_says_otherwise(folder):
    message = _error(folder, "a,1.5,2024,,,P,true,")
    assert message == ("facts.csv: line 2, column 'source': a value is required but the cell is empty. "
                       "Fix: fill it in")


def test_a_value_not_allowed_lists_the_allowed_values(folder):
    message = _error(folder, GOOD, "b,1,2024,,,X,true,Publisher A")
    assert message == "facts.csv: line 3, column 'quality': 'X' is not allowed. Fix: use one of P, S, W, U"


def test_a_duplicate_in_a_unique_column_names_both_lines(folder):
    message = _error(folder, GOOD, "b,1,2024,,,P,true,Publisher A", "a,2,2024,,,P,true,Publisher A")
    assert message.startswith("facts.csv: line 4, column 'id': duplicate id 'a' (first on line 2)")


def test_out_of_range_bad_boolean_pattern_and_unknown_reference_are_all_reported(folder):
    found = [str(p) for p in problems(_facts(folder, "A b,-1,1999,2024-13-01,green,P,yes,Publisher A"))]
    assert [p.split(":")[0] for p in found] == [
        "line 2, column 'id'", "line 2, column 'value'", "line 2, column 'year'", "line 2, column 'date'",
        "line 2, column 'tags'", "line 2, column 'verified'"]
    assert "'green' is not in tags.csv column 'tag'" in found[4]
    assert "use a value at least 2000 and at most 2100" in found[2]


def test_several_problems_are_listed_one_a_line(folder):
    message = _error(folder, GOOD + ",extra", "b,1,2024,,,P,true, Publisher A")
    assert message.startswith("facts.csv: 2 problems:\n  - line 2: 9 values for 8 columns")
    assert "\n  - line 3, column 'source': ' Publisher A' has spaces at the start or end" in message


def test_a_wrong_header_fails_on_line_1(folder):
    path = folder / "facts.csv"
    path.write_text(HEADER.replace("year", "jaar") + "\n" + GOOD + "\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"facts.csv: line 1: columns are \[.*'jaar'"):
        read_csv(path)


def test_a_file_without_a_required_source_column_is_a_schema_error(folder):
    (folder / "schemas.yaml").write_text("x.csv:\n  description: X.\n  columns:\n    id: {}\n    source: "
                                         "{required: false}\n", encoding="utf-8")
    (folder / "x.csv").write_text("id,source\na,\n", encoding="utf-8")
    with pytest.raises(ContentError, match="required 'source' column, or says why not in 'no_source'"):
        read_csv(folder / "x.csv")


def test_a_file_may_go_without_a_source_column_when_it_says_why(folder):
    (folder / "schemas.yaml").write_text("x.csv:\n  description: X.\n  no_source: the course's own list\n"
                                         "  columns:\n    id: {}\n", encoding="utf-8")
    (folder / "x.csv").write_text("id\na\n", encoding="utf-8")
    assert read_csv(folder / "x.csv") == [{"id": "a"}]


def test_a_misspelt_spec_key_or_type_is_a_schema_error():
    with pytest.raises(ContentError, match="unknown keys \\['requried'\\]"):
        parse_columns({"id": {"requried": True}}, "s.yaml")
    with pytest.raises(ContentError, match="type 'number'"):
        parse_columns({"id": {"type": "number"}}, "s.yaml")


def test_a_folder_declares_its_own_column_keys_and_their_check(folder):
    """The climate folder's ``unit`` key, declared here in YAML: the check it names runs on every cell."""
    (folder / "schemas.yaml").write_text(
        "_column_keys:\n  unit:\n    description: a unit the course knows\n"
        "    checked_by: 'workbook.climate.footprint.units:unit_problem'\n    fix: use e.g. kWh, kg, tkm\n"
        "x.csv:\n  description: X.\n  columns:\n    unit: {unit: true}\n    source: {}\n", encoding="utf-8")
    (folder / "x.csv").write_text("unit,source\nkWh,A\nfurlong-ish,A\n", encoding="utf-8")
    assert [str(p) for p in problems(folder / "x.csv")] == [
        "line 3, column 'unit': 'furlong-ish' is not a unit the workbook knows. Fix: use e.g. kWh, kg, tkm"]
    assert parse_columns({"unit": {"unit": True}}, "s.yaml", ("unit",))[0] == Column("unit")


def test_a_column_key_the_folder_does_not_declare_is_a_schema_error(folder):
    (folder / "schemas.yaml").write_text("x.csv:\n  description: X.\n  columns:\n    unit: {unit: true}\n"
                                         "    source: {}\n", encoding="utf-8")
    (folder / "x.csv").write_text("unit,source\nkWh,A\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"column 'unit': unknown keys \['unit'\]"):
        problems(folder / "x.csv")


def test_a_problem_reads_line_place_and_fix():
    assert str(RowProblem(4, "is empty", column="source", fix="fill it in")) == \
        "line 4, column 'source': is empty. Fix: fill it in"
    assert str(RowProblem(7, "field 'x' is missing", where="cases item 'a'")) == \
        "line 7, cases item 'a': field 'x' is missing"
    assert str(RowProblem(None, "the file does not exist")) == "the file does not exist"
