"""Translatable texts in code can be found: the extractor (Babel) reads ``tr("...")`` and ``N_("...")``
calls with a literal first argument, but not inside an f-string (Python 3.11 reads an f-string as
one string token), so a text written there would never reach a catalogue and stay English.

The language switch, the catalogues and ``--lang`` are specified in tests/test_language.py.
"""
from __future__ import annotations

import io
import re
import tokenize

from workbook.course.translations import code_texts
from workbook.paths import PACKAGE_DIR

CALL = re.compile(r"\b(?:tr|N_)\(\s*[rRbBuU]?['\"]")


def f_string_calls(source: str) -> list[tuple[int, str]]:
    """(line, string) of every f-string that contains a ``tr("...")`` or ``N_("...")`` call."""
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.STRING:
            prefix = tok.string[: len(tok.string) - len(tok.string.lstrip("rRbBuUfF"))]
            if "f" in prefix.lower() and CALL.search(tok.string):
                out.append((tok.start[0], tok.string[:80]))
    return out


def test_the_check_finds_a_call_inside_an_f_string():
    assert f_string_calls('x = f"<b>{tr(\'Why:\')}</b>"\n')
    assert not f_string_calls('x = "<b>" + tr("Why:") + "</b>"\ny = f"{tr(LABEL)}"\n')


def test_no_translatable_text_is_hidden_inside_an_f_string():
    """Compute the text first (``why = tr("Why:")``) and put the variable in the f-string."""
    found = [f"workbook/{path.relative_to(PACKAGE_DIR).as_posix()}:{line}: {text}"
             for path in sorted(PACKAGE_DIR.rglob("*.py"))
             for line, text in f_string_calls(path.read_text(encoding="utf-8"))]
    assert not found, found


def test_texts_in_code_are_extracted_with_their_catalogue():
    """A text of workbook/exercises/ belongs in code/exercises.po, one of a ground module in code/ground.po."""
    texts = {t.msgid: t for t in code_texts()}
    assert texts["Give an answer first, then press Check."].catalogue == "code/exercises.po"
    assert texts["This part could not be drawn: {problem}"].catalogue == "code/ground.po"
    concatenated = ("Run the notebook from top to bottom: <b>Run › Run All Cells</b> in the menu, or "
                    "<b>Shift+Enter</b> to run one cell and move to the next.")
    assert texts[concatenated].catalogue == "code/course.po", "adjacent literals are one text"
