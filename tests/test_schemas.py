"""Each data folder's schemas.yaml declares its files, by name or glob, as columns, document or
checked_by; the checker finds a file's declaration and checks it as declared."""
import pytest

from workbook.errors import ContentError
from workbook.paths import data_dir
from workbook.schemas import entry_for, home, label, problems, read_csv, undeclared

SCHEMA = """
notes.csv:
  description: Notes.
  columns:
    note: {type: str}
    source: {type: str}
scenarios/*.yaml:
  description: Sample scenarios for workbook flr-check.
  checked_by: "workbook.forced_labour.flr.applicability:check_scenario_file"
"""
SCENARIO = """\
description: A webshop sells cotton T-shirts
is_product: true
placed_on_eu_market: true
made_available_in_eu: true
exported_from_eu: false
supplied_free_of_charge: false
reached_end_user: false
company_size: small
forced_labour_in_supply_chain: "no"
"""


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "schemas.yaml").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "notes.csv").write_text("note,source\nhello,A\n", encoding="utf-8")
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "webshop.yaml").write_text(SCENARIO, encoding="utf-8")
    (tmp_path / "README.md").write_text("# About these files\n", encoding="utf-8")
    return tmp_path


def test_a_file_belongs_to_the_nearest_folder_with_a_schemas_yaml(folder):
    assert home(folder / "scenarios" / "webshop.yaml") == folder
    assert entry_for(folder / "scenarios" / "webshop.yaml").key == "scenarios/*.yaml"
    assert entry_for(folder / "notes.csv").kind == "columns"


def test_a_glob_stays_within_one_folder(folder):
    (folder / "scenarios" / "old").mkdir()
    (folder / "scenarios" / "old" / "x.yaml").write_text(SCENARIO, encoding="utf-8")
    assert undeclared(folder) == ["scenarios/old/x.yaml"]


def test_a_file_no_schemas_yaml_declares_is_named_with_the_fix(folder):
    (folder / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    assert undeclared(folder) == ["extra.csv"]  # README.md is not data
    with pytest.raises(ContentError, match=r"extra.csv: not declared in schemas.yaml; add an entry"):
        problems(folder / "extra.csv")


def test_a_dedicated_parser_is_called_and_its_problems_are_the_files(folder):
    assert problems(folder / "scenarios" / "webshop.yaml") == []
    path = folder / "scenarios" / "webshop.yaml"
    path.write_text(SCENARIO.replace("company_size: small", "company_size: tiny"), encoding="utf-8")
    found = [str(p) for p in problems(path)]
    assert len(found) == 1 and "webshop.yaml, column 'company_size': is not an allowed value" in found[0]
    path.write_text(SCENARIO.replace("is_product: true", "is_product: [true"), encoding="utf-8")
    assert "webshop.yaml, row 3: not valid YAML" in str(problems(path)[0])


def test_a_checked_by_that_names_no_function_fails_naming_it(folder):
    (folder / "schemas.yaml").write_text(SCHEMA.replace("check_scenario_file", "check_scenario_fiel"))
    with pytest.raises(ContentError, match="'workbook.forced_labour.flr.applicability:check_scenario_fiel' "
                                           "does not name a function"):
        problems(folder / "scenarios" / "webshop.yaml")


@pytest.mark.parametrize("decl, words", [
    ("x.csv:\n  columns: {source: {}}\n", "needs a description and exactly one of columns, document, checked_by"),
    ("x.csv:\n  description: X.\n  columns: {source: {}}\n  checked_by: 'a:b'\n", "exactly one of"),
    ("x.csv:\n  description: X.\n  checked_by: a.b\n", "must read 'module:function'"),
    ("x.csv:\n  description: X.\n  columns: {source: {}}\n  rules: [one rule]\n", "'rules' (a list, in words) and "
                                                                               "'rules_checked_by' go together"),
    ("x.csv:\n  description: X.\n  colums: {source: {}}\n", "unknown keys ['colums']"),
])
def test_a_malformed_declaration_names_the_entry(folder, decl, words):
    (folder / "schemas.yaml").write_text(decl, encoding="utf-8")
    (folder / "x.csv").write_text("source\nA\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        problems(folder / "x.csv")
    assert "schemas.yaml, x.csv: " in str(info.value) and words in str(info.value)


def test_a_copy_elsewhere_is_checked_as_the_course_file_is_declared(tmp_path):
    copy = tmp_path / "my_glossary.csv"
    copy.write_text("topic,english,dutch,note,source\nClimate,scope,scope,,\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"^my_glossary.csv: line 2, column 'source': a value is required"):
        read_csv(copy, like=data_dir() / "glossary_nl.csv")


def test_messages_name_a_file_by_its_path_under_the_data_folder(folder):
    assert label(data_dir() / "forced_labour" / "flr" / "timeline.csv") == "forced_labour/flr/timeline.csv"
    assert label(folder / "scenarios" / "webshop.yaml") == "scenarios/webshop.yaml"
