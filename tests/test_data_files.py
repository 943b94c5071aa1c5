"""Every file under data/ is declared in its folder's schemas.yaml and passes the check declared
there; every fact table names its source; a bad row or item in each dialect fails with file and line."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from workbook import schemas
from workbook.errors import ContentError

DATA = Path(__file__).resolve().parents[1] / "data"
FILES = schemas.data_files(DATA)
DECLARED = schemas.declared(DATA)
ENTRIES = [e for f in sorted(DATA.rglob(schemas.SCHEMAS_FILE)) for e in schemas.load(f.parent).entries.values()]
MACHINE_PATH = re.compile(r"/(work|tmp|home|root|Users)/")


def rel(path: Path) -> str:
    return path.relative_to(DATA).as_posix()


def test_every_file_under_data_is_declared_in_its_folders_schemas_yaml():
    assert len(FILES) > 80
    assert schemas.undeclared(DATA) == []


def test_every_declaration_names_files_that_exist():
    """An exact key names a file; a glob matches at least one."""
    missing = [e.key for e in ENTRIES if not e.files() or not all(p.is_file() for p in e.files())]
    assert missing == []
    assert set(DECLARED) == set(FILES)


@pytest.mark.parametrize("path", DECLARED, ids=rel)
def test_every_declared_file_passes_its_check(path):
    assert [str(p) for p in schemas.problems(path)] == []


def test_every_kind_of_declaration_is_in_use():
    assert {e.kind for e in ENTRIES} == {"columns", "document", "checked_by"}


def test_every_function_a_declaration_names_exists():
    """``checked_by``, ``rules_checked_by`` and a folder's column keys name real functions."""
    refs = [r for e in ENTRIES for r in (e.checked_by, e.rules_checked_by) if r]
    refs += [k.checked_by for e in ENTRIES for k in e.column_keys.values() if k.checked_by]
    assert len(refs) > 10
    for ref in set(refs):
        assert callable(schemas.function(ref, "test")), ref


def test_every_fact_table_declares_a_required_source_column():
    """No fact without its source: the checker then refuses a row whose source is empty."""
    tables = [e for e in ENTRIES if e.columns is not None]
    assert len(tables) >= 30
    without = [e.key for e in tables if not any(c.name == "source" and c.required for c in e.columns)]
    assert without == [] and all(e.no_source is None for e in tables)


def test_no_data_file_points_at_internal_notes_or_machine_paths():
    bad = []
    for path in [p for p in FILES if p.suffix in (".csv", ".yaml")] + sorted(DATA.rglob(schemas.SCHEMAS_FILE)):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.lstrip().startswith("#") and MACHINE_PATH.search(line):
                bad.append(f"{rel(path)}:{n}")
    assert bad == []


# ------------------------------------------------------------------ a bad file fails with file and line
@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A writable copy of the data folder, used as the course data."""
    shutil.copytree(DATA, tmp_path / "data")
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


def _break(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        schemas.check_file(path)
    return str(info.value)


def test_a_bad_csv_row_fails_with_file_line_and_column(data_copy):
    message = _break(data_copy / "glossary_nl.csv", "Programme and organisations,responsible",
                     "Programme & organisations,responsible")
    assert message.startswith("glossary_nl.csv: line 2, column 'topic': 'Programme & organisations' is not allowed")


def test_a_csv_list_that_points_at_another_file_must_resolve(data_copy):
    message = _break(data_copy / "forced_labour" / "flr" / "actions.csv", ",A0; A5,", ",A0; A55,")
    assert message == ("forced_labour/flr/actions.csv: line 2, column 'basis': 'A55' is not in "
                       "applicability_rules.csv column 'rule_id'. Fix: use a value from applicability_rules.csv, "
                       "or add it there with its source")


def test_a_bad_document_item_fails_with_file_line_item_and_field(data_copy):
    message = _break(data_copy / "forced_labour" / "deep_dives" / "webinar.yaml", "minutes: 5", "minutes: five")
    assert message == ("forced_labour/deep_dives/webinar.yaml: line 7, segments item 'intro': "
                       "field 'minutes' must be a whole number (found 'five')")


def test_a_bad_file_with_a_dedicated_parser_fails_with_file_and_place(data_copy):
    message = _break(data_copy / "climate" / "targets" / "sbti-sme.yaml", "annual_rate: 0.042", "annual_rate: lots")
    assert message.startswith("climate/targets/sbti-sme.yaml: ") and "annual_rate" in message
    message = _break(data_copy / "forced_labour" / "flr" / "scenarios" / "sofa_export.yaml", "is_product: true",
                     "is_product: [true")
    assert "sofa_export.yaml, row " in message and "not valid YAML" in message
