"""The YAML document dialect: top-level keys and sections of typed items, id sets and references
across a folder's files; every problem names the line, the item and the field."""
import pytest

from workbook.documents import parse_document, strip_lines
from workbook.errors import ContentError
from workbook.schemas import problems, read_document

SCHEMA = """
_shared:
  text: &text {type: str}
cases.yaml:
  description: Test cases.
  document:
    top:
      edition: *text
      areas: {type: dict, id_set: area, values: *text}
      checks:
        type: dict
        fields:
          ratio: {type: dict, fields: {high: {type: float}, low: {type: float, min: 0}}}
    sections:
      cases:
        id_set: case
        fields:
          title: *text
          area: {type: str, ref: area}
          kind: {type: str, allowed: [real, made_up]}
          tags: {type: list, item_type: str, nonempty: false}
          flags: {type: list, item_type: str, ref: flag, required: false}
          country: {type: str, required: false, ref: "countries.csv:iso2"}
          examples:
            type: list
            item_type: dict
            required: false
            fields: {text: *text, basis: {type: str, allowed: [documented, illustrative]}}
          source: *text
flags.yaml:
  description: Test flags, keyed by code.
  document:
    sections:
      flags:
        key: code
        id_set: flag
        min_items: 2
        fields:
          label: *text
      notes:
        key: null
        fields:
          text: *text
countries.csv:
  description: Test countries.
  columns:
    iso2: {type: str}
    source: {type: str}
"""
CASES = """\
edition: "2026"
areas:
  wages: Wages and debt
checks:
  ratio: {high: 10, low: 0.1}
cases:
  - id: c1
    title: A good case
    area: wages
    kind: real
    tags: []
    flags: [fees]
    country: NL
    examples:
      - {text: Workers paid fees, basis: documented}
    source: A report
  - id: c2
    title: Another case
    area: wages
    kind: made_up
    tags: [x]
    source: A report
"""
FLAGS = "flags:\n  - {code: fees, label: Fees paid}\n  - {code: debt, label: Debt}\nnotes:\n  - text: a note\n"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "schemas.yaml").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "cases.yaml").write_text(CASES, encoding="utf-8")
    (tmp_path / "flags.yaml").write_text(FLAGS, encoding="utf-8")
    (tmp_path / "countries.csv").write_text("iso2,source\nNL,ISO 3166\n", encoding="utf-8")
    return tmp_path


def _found(folder, old: str, new: str, file: str = "cases.yaml") -> list[str]:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [str(p) for p in problems(path)]


def test_a_good_document_reads_as_plain_data_without_its_line_numbers(folder):
    data = read_document(folder / "cases.yaml")
    assert data["cases"][0]["examples"] == [{"text": "Workers paid fees", "basis": "documented"}]
    assert data == strip_lines(data) and "__line__" not in str(data)
    assert problems(folder / "flags.yaml") == []


def test_a_missing_field_names_the_line_the_item_and_the_field(folder):
    assert _found(folder, "    source: A report\n  - id: c2", "  - id: c2") == [
        "line 7, cases item 'c1': field 'source' is missing"]


def test_an_unknown_field_names_its_own_line_and_the_known_ones(folder):
    found = _found(folder, "    kind: made_up\n", "    kind: made_up\n    knid: x\n")
    assert found == ["line 21, cases item 'c2': unknown field 'knid' (known: area, country, examples, flags, id, "
                     "kind, source, tags, title)"]


def test_a_wrong_type_says_what_is_expected_and_what_was_found(folder):
    assert _found(folder, 'edition: "2026"', "edition: [2026]") == [
        "line 1: field 'edition' must be text (found [2026])"]


def test_a_value_not_allowed_lists_the_allowed_values(folder):
    assert _found(folder, "kind: made_up", "kind: invented") == [
        "line 20, cases item 'c2': field 'kind' is 'invented'; allowed: real, made_up"]


def test_a_duplicate_id_names_the_first_line(folder):
    assert _found(folder, "  - id: c2", "  - id: c1") == ["line 17, cases item 'c1': duplicate id (first on line 7). "
                                                         "Fix: give each item its own id"]


def test_a_reference_to_another_file_must_name_an_id_there(folder):
    assert _found(folder, "flags: [fees]", "flags: [fess]") == [
        "line 12, cases item 'c1': field 'flags' refers to unknown flag id 'fess'. "
        "Fix: use an id from flags.yaml, or add it there"]


def test_a_reference_to_a_csv_column(folder):
    assert _found(folder, "country: NL", "country: BE") == [
        "line 13, cases item 'c1': field 'country' refers to unknown iso2 id 'BE'. "
        "Fix: use an id from countries.csv column 'iso2', or add it there"]


def test_a_reference_to_the_keys_of_a_mapping(folder):
    assert _found(folder, "    area: wages\n    kind: made_up", "    area: hours\n    kind: made_up") == [
        "line 19, cases item 'c2': field 'area' refers to unknown area id 'hours'. "
        "Fix: use an id from cases.yaml, or add it there"]


def test_nested_fields_are_named_by_their_path(folder):
    assert _found(folder, "low: 0.1", "low: -1") == [
        "line 5: field 'checks.ratio.low' is -1, out of range. Fix: use a value at least 0"]


def test_fields_of_the_mappings_in_a_list_are_named_by_their_position(folder):
    assert _found(folder, "basis: documented", "basis: rumour") == [
        "line 15, cases item 'c1': field 'examples[1].basis' is 'rumour'; allowed: documented, illustrative"]


def test_a_required_text_or_list_must_not_be_empty_unless_it_says_so(folder):
    assert "tags: []" in CASES and problems(folder / "cases.yaml") == []  # tags say nonempty: false
    assert _found(folder, "title: Another case", "title: ''") == [
        "line 18, cases item 'c2': field 'title' is empty. Fix: fill it in"]


def test_a_section_has_its_minimum_of_items_and_items_without_a_key(folder):
    assert _found(folder, "  - {code: debt, label: Debt}\n", "", "flags.yaml") == [
        "line 1: section 'flags' must be a list of at least 2 item(s)"]
    assert _found(folder, "  - text: a note", "  - txt: a note", "flags.yaml")[1:] == [
        "line 4, notes entry 1: unknown field 'txt' (known: text)", "line 4, notes entry 1: field 'text' is missing"]


def test_broken_yaml_names_the_line(folder):
    found = _found(folder, "    kind: real\n", "    kind: [real\n")
    assert len(found) == 1 and found[0].startswith("line 11: not valid YAML")


def test_the_error_names_the_file_and_lists_every_problem(folder):
    _found(folder, "kind: made_up", "kind: invented")
    (folder / "cases.yaml").write_text((folder / "cases.yaml").read_text().replace("flags: [fees]", "flags: [x]"))
    with pytest.raises(ContentError) as info:
        read_document(folder / "cases.yaml")
    assert str(info.value).startswith("cases.yaml: 2 problems:\n  - line 12, cases item 'c1'")


def test_rules_in_code_run_once_the_declared_structure_is_sound(tmp_path):
    (tmp_path / "schemas.yaml").write_text(
        "readiness.yaml:\n  description: A scale.\n  document:\n    sections:\n      scale:\n        key: score\n"
        "        fields: {score: {type: int}, text: {type: str}}\n"
        "  rules: [\"the scale's scores are 0, 1, 2, ... in order\"]\n"
        "  rules_checked_by: 'workbook.forced_labour.flr.readiness:scale_rules'\n", encoding="utf-8")
    path = tmp_path / "readiness.yaml"
    path.write_text("scale:\n  - {score: 1, text: a}\n  - {score: 2, text: b}\n", encoding="utf-8")
    assert [str(p) for p in problems(path)] == [
        "line 1: the scale's scores must be 0, 1, 2, ... in order (found [1, 2])"]
    path.write_text("scale:\n  - {score: 1, text: a}\n  - {score: two, text: b}\n", encoding="utf-8")
    assert [str(p) for p in problems(path)] == [
        "line 3, scale item 'two': field 'score' must be a whole number (found 'two')"]


@pytest.mark.parametrize("decl, words", [
    ({"top": {"a": {"type": "text"}}}, "type 'text'"),
    ({"top": {"a": {"requried": False}}}, "unknown keys ['requried']"),
    ({"sections": {"s": {"feilds": {}}}}, "unknown keys ['feilds']"),
    ({"tops": {}}, "'document' holds 'top'"),
])
def test_a_misspelt_declaration_is_a_schema_error(decl, words):
    with pytest.raises(ContentError) as info:
        parse_document(decl, "s.yaml")
    assert words in str(info.value)


def test_a_ref_to_an_id_set_nobody_publishes_is_a_schema_error(folder):
    (folder / "schemas.yaml").write_text(SCHEMA.replace("ref: flag,", "ref: flgs,"), encoding="utf-8")
    with pytest.raises(ContentError, match="ref 'flgs' is no id set of this folder"):
        problems(folder / "cases.yaml")
