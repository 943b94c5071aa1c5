"""The Dutch edition of the deep dives (fl4): facts, tables, the calculator and the webinar speak
Dutch under ``using("nl")``; ids, the country a table is filtered by and the sources stay English,
and the English output is what it was."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from workbook.course import translations
from workbook.display import table as display_table
from workbook.errors import InputError
from workbook.forced_labour import deep_dives as dd
from workbook.language import using
from workbook.paths import notebooks_dir

OWN_CATALOGUES = ("code/forced_labour/deep_dives.po", "data/forced_labour/deep_dives/",
                  "notebooks/forced_labour/04_deep_dives.po")
COLUMNS = ["origin", "destination", "sector", "what_happens", "source"]


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_every_text_of_the_deep_dives_has_a_dutch_translation():
    sources = [t for t in translations.source_texts() if t.catalogue.startswith(OWN_CATALOGUES)]
    assert len(sources) > 100
    assert translations.missing("nl", sources) == []


def test_the_notebook_edition_keeps_every_code_cell():
    nb, absent = translations.translated_notebook(Path("forced_labour/04_deep_dives.ipynb"), "nl")
    english = json.loads((notebooks_dir() / "forced_labour/04_deep_dives.ipynb").read_text(encoding="utf-8"))
    assert absent == []
    assert translations.code_cells(nb) == translations.code_cells(english)


def test_ids_countries_and_sources_do_not_depend_on_the_language():
    keep = ("id", "country", "case_ids", "quality", "verified", "source")
    english = {name: [{k: r[k] for k in keep if k in r} for r in rows()]
               for name, rows in (("m", dd.migrant_cases), ("c", dd.corridors), ("f", dd.fair_recruitment),
                                  ("s", dd.state_imposed))}
    with using("nl"):
        dutch = {name: [{k: r[k] for k in keep if k in r} for r in rows()]
                 for name, rows in (("m", dd.migrant_cases), ("c", dd.corridors), ("f", dd.fair_recruitment),
                                    ("s", dd.state_imposed))}
        india = dd.migrant_cases("India")  # the filter compares the English country
    assert english == dutch
    assert india and india[0]["topic"] == "Sumangali-regelingen"


def test_the_fact_table_has_dutch_headers_and_wording():
    with using("nl"):
        html = dd.table(dd.corridors(), COLUMNS).data
    assert "herkomst" in html and "wat er gebeurt" in html and "Spinnerijen in Tamil Nadu" in html
    assert "what_happens" not in html


def test_the_english_fact_table_is_the_display_table_it_was():
    assert dd.table(dd.corridors(), COLUMNS).data == display_table(dd.corridors(), COLUMNS).data


def test_the_repayment_calculator_speaks_dutch_with_dutch_numbers():
    with using("nl"):
        text = _text(dd.repayment_widget(solution_mode=True).data)
    assert "schuld 1.800" in text and "25,8 maanden" in text and "(2,1 jaar)" in text
    english = _text(dd.repayment_widget(solution_mode=True).data)
    assert "debt 1,800, wage 300 a month, 30% for the debt, 2% interest a month" in english
    assert "25.8 months" in english


def test_the_webinar_agenda_is_dutch_with_the_same_running_order():
    english = dd.webinar_agenda()
    with using("nl"):
        dutch = dd.webinar_agenda()
        html = _text(dd.webinar_widget(solution_mode=True).data)
    assert [(s["minutes"], s["scenarios"], s["start_minute"]) for s in english] == \
        [(s["minutes"], s["scenarios"], s["start_minute"]) for s in dutch]
    assert dutch[0]["title"] != english[0]["title"]
    assert "Peiling:" in html and "Kernpunt:" in html


def test_calculator_errors_are_explained_in_dutch():
    with using("nl"), pytest.raises(InputError) as exc:
        dd.months_to_repay(1000, 300, 1.5)
    assert "tussen 0 en 1" in str(exc.value.problems[0])
    assert exc.value.title == "De terugbetalingstijd kan niet worden berekend"
