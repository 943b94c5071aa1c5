"""The shared data-file checker: every bad cell is reported with its file, line, column and fix."""
import datetime as dt

import pytest

from workbook.datafiles import Column, load_schemas, parse_schemas, read_checked, read_table
from workbook.errors import ContentError

SCHEMA = """
_shared:
  quality: &quality {type: str, required: true, allowed: [P, S, W, U]}
facts.csv:
  description: Test facts.
  columns:
    id: {type: str, required: true, unique: true, pattern: "[a-z0-9_]+"}
    value: {type: float, required: false, min: 0}
    year: {type: int, required: true, min: 2000, max: 2100}
    date: {type: date, required: false}
    tags: {type: list, required: false, references: "tags.csv:tag"}
    quality: *quality
    verified: {type: bool, required: true}
    source: {type: str, required: true}
tags.csv:
  columns:
    tag: {type: str, required: true, unique: true}
    source: {type: str, required: true}
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
    return path, load_schemas(folder / "schemas.yaml")["facts.csv"]


def _error(folder, *rows) -> str:
    path, columns = _facts(folder, *rows)
    with pytest.raises(ContentError) as info:
        read_checked(path, columns)
    return str(info.value)


def test_a_good_file_gives_typed_rows(folder):
    path, columns = _facts(folder, GOOD, "b,,2023,,,U,false,Publisher A")
    rows = read_checked(path, columns)
    assert rows[0] == {"id": "a", "value": 1.5, "year": 2024, "date": dt.date(2024, 12, 13),
                       "tags": ["red", "blue"], "quality": "P", "verified": True, "source": "Publisher A"}
    assert rows[1]["value"] is None and rows[1]["tags"] == [] and rows[1]["verified"] is False


def test_a_bad_type_names_file_line_column_and_fix(folder):
    message = _error(folder, GOOD, "b,1.779,20x4,,,P,true,Publisher A")
    assert message == ("facts.csv: line 3, column 'year': must be a whole number, found '20x4'. "
                       "Fix: write a whole number (digits only)")


def test_a_missing_required_value_names_file_line_and_column(folder):
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
    path, columns = _facts(folder, "A b,-1,1999,2024-13-01,green,P,yes,Publisher A")
    problems = [str(p) for p in read_table(path, columns).problems]
    assert [p.split(":")[0] for p in problems] == [
        "line 2, column 'id'", "line 2, column 'value'", "line 2, column 'year'", "line 2, column 'date'",
        "line 2, column 'tags'", "line 2, column 'verified'"]
    assert "'green' is not in tags.csv column 'tag'" in problems[4]
    assert "use a value at least 2000 and at most 2100" in problems[2]


def test_a_wrong_header_fails_on_line_1(folder):
    path = folder / "facts.csv"
    path.write_text(HEADER.replace("year", "jaar") + "\n" + GOOD + "\n", encoding="utf-8")
    columns = load_schemas(folder / "schemas.yaml")["facts.csv"]
    with pytest.raises(ContentError, match=r"facts.csv: line 1: columns are \[.*'jaar'"):
        read_checked(path, columns)


def test_a_row_with_too_many_values_and_a_padded_value_are_reported(folder):
    message = _error(folder, GOOD + ",extra", "b,1,2024,,,P,true, Publisher A")
    assert "line 2: 9 values for 8 columns" in message
    assert "line 3, column 'source': ' Publisher A' has spaces at the start or end" in message


def test_a_label_replaces_the_file_name_in_the_message(folder):
    path, columns = _facts(folder, "a,1.5,2024,,,P,maybe,Publisher A")
    with pytest.raises(ContentError, match=r"^flr/facts.csv: line 2, column 'verified': must be true or false"):
        read_checked(path, columns, "flr/facts.csv")


def test_a_file_without_a_required_source_column_is_a_schema_error():
    with pytest.raises(ContentError, match="required 'source' column"):
        parse_schemas({"x.csv": {"columns": {"id": {"type": "str"}, "source": {"type": "str"}}}}, "s.yaml")


def test_a_misspelt_spec_key_or_type_is_a_schema_error():
    with pytest.raises(ContentError, match="unknown keys \\['requried'\\]"):
        parse_schemas({"x.csv": {"columns": {"id": {"requried": True},
                                             "source": {"required": True}}}}, "s.yaml")
    with pytest.raises(ContentError, match="type 'number'"):
        parse_schemas({"x.csv": {"columns": {"id": {"type": "number"},
                                             "source": {"required": True}}}}, "s.yaml")


def test_a_module_may_declare_its_own_keys():
    cols = parse_schemas({"x.csv": {"columns": {"unit": {"unit": True}, "source": {"required": True}}}},
                         "s.yaml", extra_keys=("unit",))["x.csv"]
    assert cols[0] == Column("unit") and cols[0].extra == {"unit": True}
