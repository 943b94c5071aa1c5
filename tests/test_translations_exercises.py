"""The Dutch exercise banks of the start notebook and the climate module are complete and usable.

A participant who chose Nederlands reads every title, prompt, option, feedback, hint and
explanation of these banks in Dutch; the answer key stays English, so judging does not depend on
the language; and a translation never merges two options, drops a code span or loses bold text.
"""
from __future__ import annotations

import re

import pytest

from workbook.course.translations import data_texts
from workbook.documents import read_cached, strip_lines
from workbook.i18n import catalogue, localize, read_po
from workbook.paths import data_dir
from workbook.schemas import entry_for

BANKS = ("start", "c1_ghg_accounting", "c2_footprint_baseline", "c3_targets")
# Names of documents and standards, kept in English in the Dutch edition (data/i18n/terminology_nl.csv).
KEPT_AS_IS = {"Scope 1", "Scope 2", "Scope 3", "Transport", "GHG Protocol Corporate Standard",
              "GHG Protocol Scope 2 Guidance", "GHG Protocol Scope 3 Standard", "ESRS E1 (CSRD)"}
CHOICE_FIELDS = ("options", "items", "categories")  # what a participant picks from or sorts
NOT_TRANSLATED = ("id", "kind", "objective", "level", "answer", "unit", "tolerance", "variable",
                  "starter", "solution", "check", "answer_from", "wrong_values", "sources")


def bank_file(bank: str):
    return data_dir() / "exercises" / f"{bank}.yaml"


def bank_texts(bank: str) -> list[str]:
    place = f"data/exercises/{bank}.yaml"
    return [t.msgid for t in data_texts() if t.place == place]


def exercises(bank: str, lang: str) -> list[dict]:
    """The bank as a participant in ``lang`` is shown it: the fields under ``translate:`` localized."""
    path = bank_file(bank)
    data, problems = read_cached(path)
    assert not problems, problems
    return localize(strip_lines(data), entry_for(path).translate, lang)["exercises"]


def choice_texts(exercise: dict, field: str) -> list[str]:
    return [c if isinstance(c, str) else c["text"] for c in exercise.get(field) or []]


def markup(text: str) -> tuple[list[str], int, int]:
    """The code spans (verbatim), bold markers and links of a markdown text."""
    return re.findall(r"`[^`]*`", text), text.count("**"), len(re.findall(r"\]\(", text))


@pytest.mark.parametrize("bank", BANKS)
def test_every_text_of_the_bank_has_its_dutch_translation_in_the_bank_catalogue(bank):
    """Each translatable English text of the bank is translated in data/i18n/nl/data/exercises/<bank>.po."""
    texts = bank_texts(bank)
    assert len(texts) > 50, "the bank's translatable texts were not found"
    po = read_po(data_dir() / "i18n" / "nl" / "data" / "exercises" / f"{bank}.po")
    missing = [t[:70] for t in texts if not po.get(t, "").strip()]
    assert not missing, f"{len(missing)} text(s) without Dutch, first: {missing[:3]}"


@pytest.mark.parametrize("bank", BANKS)
def test_a_dutch_participant_reads_dutch_while_the_answer_key_stays_english(bank):
    """Titles and prompts are Dutch in the nl edition; ids, answers, code and sources are the English ones."""
    english, dutch = exercises(bank, "en"), exercises(bank, "nl")
    assert [e["id"] for e in english] == [e["id"] for e in dutch]
    for en, nl in zip(english, dutch):
        assert nl["title"] != en["title"] or en["title"] in KEPT_AS_IS, en["id"]
        assert nl["prompt"] != en["prompt"], en["id"]
        for field in NOT_TRANSLATED:
            assert nl.get(field) == en.get(field), f"{en['id']}: {field} changed with the language"


@pytest.mark.parametrize("bank", BANKS)
def test_the_choices_of_an_exercise_stay_distinct_in_dutch(bank):
    """Two different options (items, categories) of one exercise never share a Dutch text."""
    for ex in exercises(bank, "nl"):
        for field in CHOICE_FIELDS:
            texts = choice_texts(ex, field)
            assert len(set(texts)) == len(texts), f"{ex['id']}: {field} {texts}"


@pytest.mark.parametrize("bank", BANKS)
def test_every_choice_is_translated_unless_it_is_a_kept_name(bank):
    """A Dutch participant sees no English option, item or category except the names the course keeps."""
    for en, nl in zip(exercises(bank, "en"), exercises(bank, "nl")):
        for field in CHOICE_FIELDS:
            for e, n in zip(choice_texts(en, field), choice_texts(nl, field)):
                assert e != n or e in KEPT_AS_IS, f"{en['id']}: {field} {e!r} is not translated"


@pytest.mark.parametrize("bank", BANKS)
def test_translations_keep_code_spans_bold_text_and_links(bank):
    """Code (`scope1_t`), **bold** and links are kept exactly: the notebooks and checks refer to them."""
    nl = catalogue("nl")
    for text in bank_texts(bank):
        assert markup(nl[text]) == markup(text), text[:70]
