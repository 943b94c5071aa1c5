"""The language switch and the translation catalogues (workbook.language, workbook.i18n).

English is the source text and the key of its translation; Dutch lives in gettext catalogues
under data/i18n/nl/. The language is chosen, strongest first, by start(language=)/--lang, by
WORKBOOK_LANG, by the edition's folder, by the participant's stored choice, else English.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from workbook import i18n, language
from workbook.course import translations
from workbook.course.language_picker import edition_link, language_note
from workbook.course.session import Session
from workbook.errors import ContentError
from workbook.paths import data_cache

ROOT = Path(__file__).resolve().parents[1]

PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Saved {n} answers"
msgstr "{n} antwoorden bewaard"

msgid "Scope 3 category"
msgstr "Scope 3-categorie"

#, fuzzy
msgid "Check the fuzzy marker"
msgstr "Controleer de fuzzy-markering"
'''


@pytest.fixture(autouse=True)
def clean_language(monkeypatch, tmp_path):
    """Every test starts in English, outside any edition's folder."""
    monkeypatch.delenv("WORKBOOK_LANG", raising=False)
    monkeypatch.chdir(tmp_path)
    language.set_language(None)
    language.remember(None)
    language._folder_language.cache_clear()
    yield
    language.set_language(None)
    language.remember(None)


@pytest.fixture
def data_with_catalogue(tmp_path, monkeypatch):
    """A copy of the course data whose Dutch catalogue holds PO above."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "i18n" / "nl" / "code").mkdir(parents=True, exist_ok=True)
    (data / "i18n" / "nl" / "code" / "test.po").write_text(PO, encoding="utf-8")
    monkeypatch.setenv("WORKBOOK_DATA", str(data))
    return data


# ------------------------------------------------------------------ choosing the language
def test_english_is_the_default():
    assert language.language() == "en"


@pytest.mark.parametrize("value, code", [("nl", "nl"), ("NL", "nl"), ("nl_NL.UTF-8", "nl"), ("Nederlands", "nl"),
                                         ("en", "en"), ("English", "en"), ("fr", None), ("", None)])
def test_language_names_are_normalised(value, code):
    assert language.normalise(value) == code


def test_an_unknown_language_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="en, nl"):
        language.check("fr")


def test_the_environment_chooses_and_an_explicit_choice_wins(monkeypatch):
    monkeypatch.setenv("WORKBOOK_LANG", "nl")
    assert language.language() == "nl"
    language.set_language("en")
    assert language.language() == "en"


def test_an_unknown_environment_value_falls_back_to_english(monkeypatch):
    monkeypatch.setenv("WORKBOOK_LANG", "klingon")
    assert language.language() == "en"


def test_an_editions_folder_beats_the_stored_choice(tmp_path, monkeypatch):
    edition = tmp_path / "notebooks" / "nl"
    (edition / "climate").mkdir(parents=True)
    (edition / language.MARKER).write_text("nl\n", encoding="utf-8")
    language.remember("en")
    monkeypatch.chdir(edition / "climate")
    assert language.language() == "nl"
    monkeypatch.setenv("WORKBOOK_LANG", "en")  # a facilitator's setting is stronger still
    assert language.language() == "en"


def test_the_stored_choice_is_used_when_nothing_stronger_says():
    language.remember("nl")
    assert language.language() == "nl"


def test_using_switches_inside_a_block_only():
    with language.using("nl"):
        assert language.language() == "nl"
    assert language.language() == "en"


# ------------------------------------------------------------------ the session keeps the choice
def test_start_with_a_language_stores_it_with_the_progress(tmp_path):
    Session(home=tmp_path / "home", language="nl", quiet=True)
    doc = json.loads((tmp_path / "home" / "progress.json").read_text(encoding="utf-8"))
    assert doc["data"]["language"] == "nl"
    language.set_language(None)
    Session(home=tmp_path / "home", quiet=True)  # a later notebook reads the stored choice
    assert language.language() == "nl"


def test_choose_language_stores_the_choice_and_solution_mode_writes_nothing(tmp_path):
    session = Session(home=tmp_path / "home", quiet=True)
    session.choose_language("nl")
    assert session.store.get_data("language") == "nl"
    Session(home=tmp_path / "sol", solution_mode=True, quiet=True).choose_language("nl")
    assert not (tmp_path / "sol" / "progress.json").exists()


def test_the_note_links_to_the_start_of_the_chosen_edition():
    assert edition_link("nl", "en") == "nl/00_start_here.ipynb"
    assert edition_link("en", "nl") == "../00_start_here.ipynb"
    assert edition_link("nl", "nl") is None
    assert "nl/00_start_here.ipynb" in language_note("nl", "en")


# ------------------------------------------------------------------ translating
def test_english_text_is_returned_as_written_and_formatted():
    assert i18n.tr("Saved {n} answers", n=3) == "Saved 3 answers"


def test_dutch_comes_from_the_catalogue(data_with_catalogue):
    with language.using("nl"):
        assert i18n.tr("Saved {n} answers", n=3) == "3 antwoorden bewaard"
        assert i18n.translate("Scope 3 category") == "Scope 3-categorie"


def test_a_missing_or_fuzzy_translation_shows_the_english(data_with_catalogue):
    with language.using("nl"):
        assert i18n.tr("Not in any catalogue") == "Not in any catalogue"
        assert i18n.tr("Check the fuzzy marker") == "Check the fuzzy marker"


def test_a_translation_must_keep_the_placeholders(tmp_path):
    po = tmp_path / "bad.po"
    po.write_text(PO.replace("{n} antwoorden", "{aantal} antwoorden"), encoding="utf-8")
    with pytest.raises(ContentError, match="placeholders"):
        translations.check_po(po)


def test_a_broken_catalogue_is_a_content_error(tmp_path):
    po = tmp_path / "broken.po"
    po.write_text('garbage here\nmsgid "x"\nmsgstr "y"\n', encoding="utf-8")
    with pytest.raises(ContentError):
        translations.check_po(po)


def test_localize_translates_only_the_listed_fields(data_with_catalogue):
    data = {"items": [{"id": "Check", "text": "Scope 3 category", "tags": ["Scope 3 category", 3]}]}
    with language.using("nl"):
        out = i18n.localize(data, ["items.*.text", "items.*.tags"])
    assert out == {"items": [{"id": "Check", "text": "Scope 3-categorie", "tags": ["Scope 3-categorie", 3]}]}
    assert data["items"][0]["text"] == "Scope 3 category"  # the source is never changed
    assert i18n.localize(data, ["items.*.text"]) is data  # English: the data itself


def test_texts_lists_what_the_paths_reach():
    data = {"a": [{"t": "one", "l": ["two", ""]}, {"t": "three"}], "b": {"x": {"t": "four"}}}
    assert list(i18n.texts(data, ["a.*.t", "a.*.l", "b.*.t"])) == ["one", "three", "two", "four"]


@pytest.mark.parametrize("lang, shown", [("en", "5,282.7"), ("nl", "5.282,7")])
def test_numbers_are_written_the_readers_way(lang, shown):
    assert i18n.number(5282.66, 1, lang) == shown


def test_percentages_in_dutch_use_a_decimal_comma():
    assert i18n.percent(0.425, 1, "nl") == "42,5 %"
    assert i18n.percent(None) == "–"


def test_facts_are_cached_per_language():
    calls = []

    @data_cache
    def greeting() -> str:
        calls.append(language.language())
        return i18n.tr("Hello")

    greeting()
    with language.using("nl"):
        greeting()
    greeting()
    assert calls == ["en", "nl"]


def test_a_translate_declaration_must_name_text_columns(tmp_path):
    from workbook import schemas

    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "schemas.yaml").write_text(
        "x.csv:\n  description: test\n  columns:\n    n: {type: int}\n    source: {type: str}\n"
        "  translate: [n]\n", encoding="utf-8")
    with pytest.raises(ContentError, match="no text columns"):
        schemas.load(folder)


# ------------------------------------------------------------------ the command line
def test_every_command_takes_lang_and_refuses_an_unknown_one():
    run = subprocess.run([sys.executable, "-m", "workbook.cli", "factors", "--lang", "fr"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 2 and "invalid choice: 'fr'" in run.stderr


def test_translations_check_reports_as_json():
    run = subprocess.run([sys.executable, "-m", "workbook.cli", "translations", "check", "--json"],
                         capture_output=True, text=True, cwd=ROOT)
    report = json.loads(run.stdout)
    assert report["language"] == "nl" and report["texts"] > 100
    assert run.returncode == (1 if report["missing"] else 0)


def test_a_context_gives_one_english_word_two_dutch_ones(tmp_path, monkeypatch):
    """'material' is a raw material in a supplier map and materiality in a screening."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "i18n" / "nl" / "code" / "test.po").write_text(
        PO + '\nmsgctxt "screening"\nmsgid "material"\nmsgstr "materieel"\n\nmsgid "material"\nmsgstr "materiaal"\n',
        encoding="utf-8")
    monkeypatch.setenv("WORKBOOK_DATA", str(data))
    with language.using("nl"):
        assert i18n.trc("screening", "material") == "materieel"
        assert i18n.tr("material") == "materiaal"
    assert i18n.trc("screening", "material") == "material"


def test_texts_with_a_context_are_collected_with_it():
    texts = {t.msgid for t in translations.code_texts()}
    assert i18n.key("material", "screening") in texts


def test_spellings_are_the_english_and_each_translation_once(data_with_catalogue):
    """What a reader accepts for a sheet, header or code written in any edition."""
    assert i18n.spellings("Scope 3 category") == ["Scope 3 category", "Scope 3-categorie"]
    assert i18n.spellings("Not in any catalogue") == ["Not in any catalogue"]


def test_a_percentage_in_running_text_has_no_space():
    assert i18n.percent(0.425, 1, "en", spaced=False) == "42.5%"
    assert i18n.percent(0.425, 1, "nl", spaced=False) == "42,5%"


def test_the_safe_input_layer_refuses_a_folder_in_the_readers_language(tmp_path):
    from workbook.errors import InputError
    from workbook.safeinput import regular_file

    for lang, said in (("en", "this is a folder, not a file"), ("nl", "dit is een map, geen bestand")):
        with language.using(lang):
            with pytest.raises(InputError) as refused:
                regular_file(tmp_path)
            assert said in str(refused.value)
