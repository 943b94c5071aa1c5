"""The Dutch wording of the exercise banks says what the English says: every text the bank declares
translatable has its Dutch text, the choices of an exercise stay distinguishable, and numbers,
code and markdown survive the translation. Banks join the list here once they are translated."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from workbook import i18n
from workbook.paths import data_dir
from workbook.schemas import entry_for

TRANSLATED_BANKS = ["fl1_essentials", "fl2_hrdd", "fl3_flr", "fl4_deep_dives"]
CHOICE_FIELDS = ("options", "items", "categories")  # what a participant picks from or sorts into


def bank_file(bank: str) -> Path:
    return data_dir() / "exercises" / f"{bank}.yaml"


def english(bank: str) -> list[dict]:
    return yaml.safe_load(bank_file(bank).read_text(encoding="utf-8"))["exercises"]


def translate_paths(bank: str) -> list[str]:
    return list(entry_for(bank_file(bank)).translate)


def dutch(bank: str) -> list[dict]:
    doc = {"exercises": english(bank)}
    return i18n.localize(doc, translate_paths(bank), lang="nl")["exercises"]


def choice_texts(exercise: dict, field: str) -> list[str]:
    return [c["text"] if isinstance(c, dict) else c for c in exercise.get(field) or []]


def numbers(text: str, decimal: str) -> Counter:
    """The numbers of a text outside `code`, read the way its language writes them."""
    text = re.sub(r"`[^`]*`", " ", text)
    group = "," if decimal == "." else "."
    text = re.sub(rf"(?<=\d){re.escape(group)}(?=\d{{3}}\b)", "", text)
    text = re.sub(rf"(?<=\d){re.escape(group)}(?=\d)", ";", text)  # the other language's decimal: wrong here
    text = re.sub(rf"(?<=\d){re.escape(decimal)}(?=\d)", ".", text)
    return Counter(float(n) for n in re.findall(r"\d+(?:\.\d+)?", text))


def pairs(bank: str) -> list[tuple[str, str]]:
    """(English, Dutch) for every translatable text of a bank."""
    cat = i18n.catalogue("nl")
    doc = {"exercises": english(bank)}
    return [(text, cat[text]) for text in i18n.texts(doc, translate_paths(bank)) if text in cat]


@pytest.mark.parametrize("bank", TRANSLATED_BANKS)
def test_every_translatable_text_of_the_bank_has_its_dutch_text(bank):
    doc = {"exercises": english(bank)}
    texts = set(i18n.texts(doc, translate_paths(bank)))
    assert len(texts) > 50, "the bank declares its wording translatable"
    missing = sorted(t for t in texts if t not in i18n.catalogue("nl"))
    assert not missing, f"{bank}: {len(missing)} texts without Dutch, first: {missing[0][:80]!r}"


@pytest.mark.parametrize("bank", TRANSLATED_BANKS)
def test_the_choices_of_an_exercise_stay_distinct_in_dutch(bank):
    for en_ex, nl_ex in zip(english(bank), dutch(bank), strict=True):
        for field in CHOICE_FIELDS:
            en_texts, nl_texts = choice_texts(en_ex, field), choice_texts(nl_ex, field)
            assert len(set(nl_texts)) == len(set(en_texts)) == len(en_texts), f"{en_ex['id']}.{field}"
            assert set(nl_texts).isdisjoint(en_texts) or not en_texts, (
                f"{en_ex['id']}.{field}: a choice is still in English")


@pytest.mark.parametrize("bank", TRANSLATED_BANKS)
def test_the_answer_key_is_the_english_one(bank):
    """Answers are judged and stored in English: localizing leaves answers, ids and categories alone."""
    for en_ex, nl_ex in zip(english(bank), dutch(bank), strict=True):
        assert nl_ex["id"] == en_ex["id"] and nl_ex.get("answer") == en_ex.get("answer")
        en_cats = [i.get("category") for i in en_ex.get("items") or [] if isinstance(i, dict)]
        assert [i.get("category") for i in nl_ex.get("items") or [] if isinstance(i, dict)] == en_cats


@pytest.mark.parametrize("bank", TRANSLATED_BANKS)
def test_dutch_keeps_the_numbers_written_with_a_decimal_comma(bank):
    """3.9 / 27.6 = 0.141 becomes 3,9 / 27,6 = 0,141; US$2,000 becomes US$ 2.000; code is unchanged."""
    wrong = [(en, nl) for en, nl in pairs(bank) if numbers(en, ".") != numbers(nl, ",")]
    assert not wrong, f"{bank}: numbers differ in {wrong[0][1][:100]!r}"


@pytest.mark.parametrize("bank", TRANSLATED_BANKS)
def test_dutch_keeps_code_markdown_and_paragraphs(bank):
    for en, nl in pairs(bank):
        assert re.findall(r"`[^`]*`", en) == re.findall(r"`[^`]*`", nl), nl[:80]
        for mark in ("**", "\n\n", "> ", "<", "{"):
            assert en.count(mark) == nl.count(mark), f"{mark!r} in {nl[:80]!r}"
        assert en.endswith("\n") == nl.endswith("\n"), nl[:80]


@pytest.mark.parametrize("bank", TRANSLATED_BANKS)
def test_dutch_addresses_the_participant_as_u(bank):
    informal = re.compile(r"\b(je|jij|jou|jouw|jullie)\b", re.IGNORECASE)
    found = [nl for _, nl in pairs(bank) if informal.search(nl)]
    assert not found, f"{bank}: informal address in {found[0][:80]!r}"
