"""The Dutch edition is at parity with the English one.

Every text a participant reads has its Dutch translation (a missing one fails here and in the
build, never in front of a participant); notebooks/nl/ mirrors notebooks/ file for file with the
very same code cells; solutions/nl/ likewise. That the Dutch notebooks run in participant and
solution mode is tested with every notebook (test_notebooks_run.py, nbval on solutions/).
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from workbook.course import translations
from workbook.course.build import BuildError, build
from workbook.i18n import catalogue, catalogue_files
from workbook.language import MARKER

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SOURCES = translations.source_texts()
ENGLISH = translations.english_notebooks()


def test_every_translatable_text_has_a_dutch_translation():
    gaps = [f"{g.place}: {g.msgid[:60]!r}" for g in translations.missing("nl", SOURCES)]
    assert gaps == [], f"{len(gaps)} texts without Dutch; run `workbook translations update` and translate them"


def test_the_translated_texts_come_from_every_part_of_the_course():
    kinds = {t.catalogue.split("/")[0] for t in SOURCES}
    assert kinds == {"code", "data", "notebooks"}
    assert len({t.msgid for t in SOURCES}) > 1000


def test_an_english_text_has_one_dutch_wording():
    assert translations.conflicts("nl") == []


def test_no_translation_is_left_behind_by_a_changed_english_text():
    assert translations.unused("nl", SOURCES) == []


def test_long_texts_are_really_translated_not_copied():
    """A sentence of six words or more left in English is an untranslated text, unless the
    translator says why it is the same in Dutch (a name of a law, an example row)."""
    from babel.messages.pofile import read_po as babel_read_po

    copied = []
    for path in catalogue_files("nl"):
        with open(path, "rb") as f:
            for m in babel_read_po(f):
                if (isinstance(m.id, str) and m.string and m.string.strip() == m.id.strip()
                        and len(re.findall(r"[A-Za-z]{2,}", m.id)) >= 6
                        and not any(c.startswith("same in Dutch:") for c in m.user_comments)):
                    copied.append(m.id[:60])
    assert copied == []


def test_notebooks_nl_mirrors_notebooks_file_for_file():
    dutch = sorted(p.relative_to(NOTEBOOKS / "nl") for p in (NOTEBOOKS / "nl").rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)
    assert dutch == ENGLISH
    assert (NOTEBOOKS / "nl" / MARKER).read_text(encoding="utf-8").strip() == "nl"


@pytest.mark.parametrize("rel", ENGLISH, ids=str)
def test_a_dutch_notebook_has_the_same_code_cells_and_translated_prose(rel):
    english = json.loads((NOTEBOOKS / rel).read_text(encoding="utf-8"))
    dutch = json.loads((NOTEBOOKS / "nl" / rel).read_text(encoding="utf-8"))
    assert translations.code_cells(dutch) == translations.code_cells(english)
    assert [(c["cell_type"], c.get("id"), c.get("metadata")) for c in dutch["cells"]] == \
           [(c["cell_type"], c.get("id"), c.get("metadata")) for c in english["cells"]]
    prose = [(e, d) for e, d in zip(english["cells"], dutch["cells"]) if e["cell_type"] == "markdown"]
    assert prose and all("".join(d["source"]) != "".join(e["source"]) for e, d in prose)
    assert dutch["metadata"]["workbook"]["language"] == "nl"


def test_notebooks_nl_is_up_to_date_with_notebooks_and_the_catalogues():
    stale = [f"{rel}: {status}" for rel, status in translations.write_editions(check=True) if status != "unchanged"]
    assert stale == [], "run `workbook translations editions` (or `make solutions`) and commit notebooks/nl/"


def test_solutions_nl_mirrors_solutions():
    assert (ROOT / "solutions" / "nl" / MARKER).read_text(encoding="utf-8").strip() == "nl"
    assert sorted(p.relative_to(ROOT / "solutions" / "nl") for p in (ROOT / "solutions" / "nl").rglob("*.ipynb")) \
        == ENGLISH


def test_a_missing_translation_fails_the_build_before_any_notebook_runs(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    po = data / "i18n" / "nl" / "notebooks" / "00_start_here.po"
    text = po.read_text(encoding="utf-8")
    first = text.index('\n#: ')  # drop the first message: its text is now untranslated
    po.write_text(text[:first] + text[text.index("\n\n", first + 1):], encoding="utf-8")
    monkeypatch.setenv("WORKBOOK_DATA", str(data))
    with pytest.raises(BuildError, match="no translation"):
        build(out_dir=tmp_path / "solutions", progress=False)
    assert catalogue("nl")  # the rest of the catalogue still reads
