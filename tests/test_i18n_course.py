"""The course engine in Dutch: exercises, the course map, the homework export, the cohort view and
the language switch follow the chosen language, while answers are judged and stored in English.

The exercise wording's Dutch comes from the exercise catalogues (filled separately); these tests
add the few translations they need on top of the real catalogues, so they test the display, not
the state of the translation work.
"""
from __future__ import annotations

import json

import openpyxl
import pytest

import workbook
import workbook.i18n as i18n
from workbook.course.cohort import read_export_file
from workbook.course.language_picker import language_picker
from workbook.course.progress import ProgressStore
from workbook.course.progress_report import ANSWER_COLUMNS, export_excel
from workbook.course.session import course_map_html
from workbook.course.translations import code_texts, data_texts, missing
from workbook.course.views import answer_shown
from workbook.curriculum import load_curriculum
from workbook.exercises import load_bank, solution_html, wording
from workbook.exercises import model as exercise_model
from workbook.language import remember, set_language, using

SCOPE = "start-electricity-scope"  # single choice: Scope 1 / Scope 2 / Scope 3, answer Scope 2
FLR = "start-flr-prohibitions"  # multiple select
SORT = "start-sort-scopes"  # classify into Scope 1 / 2 / 3
ORDER = "start-order-modules"  # order
ENGINE_CATALOGUES = ("code/exercises.po", "code/course.po", "code/company.po", "data/curriculum.po")


@pytest.fixture(autouse=True)
def _english_afterwards():
    """A test that chooses a language leaves the process as it found it."""
    yield
    set_language(None)
    remember(None)


@pytest.fixture
def dutch(monkeypatch):
    """The real Dutch catalogue plus the exercise wording these tests need (made-up Dutch, marked NL:)."""
    real = i18n._catalogue

    def make(extra: dict[str, str]) -> None:
        def fake(lang: str) -> dict[str, str]:
            return {**real(lang), **extra} if lang == "nl" else real(lang)

        monkeypatch.setattr(i18n, "_catalogue", fake)
        exercise_model._trimmed_wording.cache_clear()

    yield make
    exercise_model._trimmed_wording.cache_clear()


def option_words(ex) -> dict[str, str]:
    return {o.text: f"NL: {o.text}" for o in ex.options} | {o.feedback: f"NL-uitleg: {o.text}" for o in ex.options
                                                              if o.feedback}


def saved(home, ex_id):
    return json.loads((home / "progress.json").read_text())["answers"].get(ex_id)


# ---------------------------------------------------------------------- exercises
def test_single_choice_shows_dutch_labels_and_stores_the_english_answer(home, dutch):
    """The participant reads Dutch options; the value judged and stored is the English text."""
    course = workbook.start()
    ex = course.exercise(SCOPE)
    dutch(option_words(ex) | {ex.prompt: "NL-vraag: welke scope?"})
    with using("nl"):
        w = course.widget(SCOPE)
        labels = [label for label, _value in w.radio.options]
        assert sorted(labels) == sorted(f"NL: {o.text}" for o in ex.options)
        assert "NL-vraag" in w.header.value and w.check_button.description == "Controleer"
        w.radio.value = "Scope 2"
        w.check_button.click()
        assert "wb-ok" in w.feedback.value and "Waarom:" in w.feedback.value
    entry = saved(home, SCOPE)
    assert entry["value"] == "Scope 2" and entry["correct"] is True


def test_the_option_order_does_not_depend_on_the_language(dutch):
    """Shuffles are keyed on the English text: the same participant sees the same order in both languages."""
    bank = load_bank()
    ex = bank[SCOPE]
    dutch(option_words(ex))
    english = [o.text for o in ex.display_options("participant-1")]
    with using("nl"):
        assert [o.text for o in ex.display_options("participant-1")] == english
        items = [i["text"] for i in bank[SORT].spec["items"]]
        assert bank[SORT].shuffled(items, "p") == bank[SORT].shuffled(items, "p")
    assert len(set(english)) == len(english) > 1


def test_multiple_select_maps_the_dutch_boxes_back_to_the_english_options(home, dutch):
    course = workbook.start()
    ex = course.exercise(FLR)
    dutch(option_words(ex))
    with using("nl"):
        w = course.widget(FLR)
        assert all(b.description.startswith("NL: ") for b in w.boxes)
        right = set(ex.spec["answer"])
        for box, text in zip(w.boxes, w.box_values):
            box.value = text in right
        verdict = w.check()
        assert verdict.correct is True and "Goed" in w.feedback.value
    assert sorted(saved(home, FLR)["value"]) == sorted(right)


def test_classify_and_order_show_dutch_and_judge_the_english(home, dutch):
    course = workbook.start()
    sort, order = course.exercise(SORT), course.exercise(ORDER)
    words = {c: f"NL: {c}" for c in sort.spec["categories"]}
    words |= {i["text"]: f"NL: {i['text']}" for i in sort.spec["items"]}
    words |= {t: f"NL: {t}" for t in order.spec["items"]}
    dutch(words)
    with using("nl"):
        w = course.widget(SORT)
        first = next(iter(w.dropdowns.values()))
        assert [label for label, _ in first.options][1:] == [f"NL: {c}" for c in sort.spec["categories"]]
        for item in sort.spec["items"]:
            w.dropdowns[item["text"]].value = item["category"]
        assert w.check().correct is True
        o = course.widget(ORDER)
        assert all("NL: " in row.children[1].value for row in o.inputs.children[1:])
        for n, text in enumerate(order.spec["items"], 1):
            o.positions[text].value = str(n)
        assert o.check().correct is True and "juiste volgorde" in o.feedback.value
    assert saved(home, SORT)["value"] == {i["text"]: i["category"] for i in sort.spec["items"]}
    assert saved(home, ORDER)["value"] == {t: n for n, t in enumerate(order.spec["items"], 1)}


def test_judging_gives_the_same_result_in_both_languages():
    """The answer key does not depend on the language: every reference and every wrong response
    of the whole bank is judged the same in English and in Dutch."""
    bank = load_bank()
    checked = 0
    for ex in bank.values():
        if ex.kind in ("free_text", "code"):
            continue
        for response in [ex.reference(), *ex.wrong_responses()]:
            english = ex.judge(response).correct
            with using("nl"):
                assert ex.judge(response).correct == english, (ex.id, response)
            checked += 1
    assert checked > 200


def test_numbers_are_read_and_written_the_dutch_way():
    """``12,5`` and ``12.5`` are the same answer in both languages; the verdict writes a decimal comma in Dutch."""
    ex = load_bank()["start-forced-labour-estimate"]
    answer = ex.spec["answer"]
    for typed in (str(answer), str(answer).replace(".", ",")):
        with using("nl"):
            verdict = ex.judge(typed)
        assert verdict.correct is True and ex.judge(typed).correct is True
    with using("nl"):
        assert ex.judge(str(answer)).message.startswith("Goed: " + str(answer).replace(".", ","))
        assert "is geen getal" in ex.judge("twaalf").message
    assert ex.judge("twelve").message.startswith("'twelve' is not a number")


def test_solution_html_is_written_in_the_current_language(dutch):
    ex = load_bank()[SCOPE]
    dutch(option_words(ex))
    english = solution_html(ex)
    with using("nl"):
        nl = solution_html(ex)
    assert "<b>Solution</b>" in english and "NL: " not in english
    assert "<b>Uitwerking</b>" in nl and "NL: Scope 2" in nl and "Basis" in nl


def test_exercise_wording_is_found_although_the_loader_trims_it(dutch):
    """A prompt is kept trimmed, the catalogue has it as YAML wrote it (with its line break)."""
    ex = load_bank()[SCOPE]
    dutch({ex.prompt + "\n": "NL-vraag\n"})
    with using("nl"):
        assert wording(ex.prompt) == "NL-vraag"
    assert wording(ex.prompt) == ex.prompt


# ---------------------------------------------------------------------- course map and export
def test_the_course_map_shows_dutch_objective_titles():
    curriculum = load_curriculum()
    course = workbook.start(solution_mode=True)
    with using("nl"):
        html = course_map_html(curriculum, course.progress_rows())
    assert "Begin hier" in html and "Leerdoel" in html and "Wat u leert" in html
    assert "Hoe dwangarbeid verschilt van moderne slavernij en mensenhandel" in html
    assert "How forced labour differs" not in html
    english = course_map_html(curriculum, course.progress_rows())
    assert "How forced labour differs from modern slavery and human trafficking" in english


def fill(home):
    store = ProgressStore(home)
    store.record(SCOPE, "Scope 1", correct=False, checked=True)
    store.record(SCOPE, "Scope 2", correct=True, checked=True)
    store.record(SORT, {"Diesel used by the brand's own delivery vans": "Scope 1"}, correct=False, checked=True)
    return store


def test_the_homework_export_has_dutch_headers_in_dutch_and_english_ones_in_english(home, tmp_path):
    store = fill(home)
    curriculum, bank = load_curriculum(), load_bank()
    english = openpyxl.load_workbook(export_excel(tmp_path / "en.xlsx", curriculum, bank, store.read()))
    with using("nl"):
        nl = openpyxl.load_workbook(export_excel(tmp_path / "nl.xlsx", curriculum, bank, store.read()))
    assert english.sheetnames == ["Summary", "Answers", "About"]
    assert nl.sheetnames == ["Samenvatting", "Antwoorden", "Over"]
    assert [c.value for c in english["Answers"][1]] == list(ANSWER_COLUMNS)
    header = [c.value for c in nl["Antwoorden"][1]]
    assert header[:7] == ["leerdoel", "oefening", "niveau", "soort", "vraag", "uw antwoord", "resultaat"]
    rows = {r[1].value: r for r in nl["Antwoorden"].iter_rows(min_row=2)}
    assert rows[SCOPE][5].value == "Scope 2", "the answer stays the stored (English) answer"
    assert rows[SCOPE][6].value == "goed" and rows[SCOPE][10].value == "nog niet"


def test_the_cohort_view_reads_a_dutch_export_like_an_english_one(home, tmp_path):
    """A facilitator's cohort counts a Dutch participant's export with the English ones."""
    store = fill(home)
    with using("nl"):
        path = export_excel(tmp_path / "nl.xlsx", load_curriculum(), load_bank(), store.read())
    english_path = export_excel(tmp_path / "en.xlsx", load_curriculum(), load_bank(), store.read())
    from_dutch, problems = read_export_file(path)
    from_english, _ = read_export_file(english_path)
    assert not problems and from_dutch == from_english
    assert from_dutch[SCOPE]["correct"] is True and from_dutch[SCOPE]["tries"][0]["correct"] is False


def test_the_cohort_view_shows_the_english_answer_keys_translated(dutch):
    ex = load_bank()[SORT]
    dutch({"Scope 1": "NL-Scope 1", ex.spec["items"][0]["text"]: "NL-item"})
    key = f"{ex.spec['items'][0]['text']} → Scope 1"
    with using("nl"):
        assert answer_shown(key) == "NL-item → NL-Scope 1"
        assert answer_shown("Scope 1 | Scope 3") == "NL-Scope 1 | Scope 3"
    assert answer_shown(key) == key


# ---------------------------------------------------------------------- the language switch
def test_the_language_picker_stores_the_choice_in_the_progress_file(home):
    course = workbook.start()
    box = language_picker(course)
    toggle, note = box.children
    toggle.value = "nl"
    assert json.loads((home / "progress.json").read_text())["data"]["language"] == "nl"
    assert "Uw keuze is opgeslagen" in note.value
    remember(None)  # as in a new kernel: only the progress file knows the choice
    again = workbook.start()
    assert again.widget(SCOPE).check_button.description == "Controleer", "a new session follows the stored choice"


def test_start_with_a_language_stores_it_and_speaks_it(home):
    course = workbook.start(language="nl")
    assert json.loads((home / "progress.json").read_text())["data"]["language"] == "nl"
    assert course.widget(SCOPE).check_button.description == "Controleer"
    set_language(None)
    remember(None)
    assert workbook.start(language="en").widget(SCOPE).check_button.description == "Check"


# ---------------------------------------------------------------------- completeness
def test_every_text_of_the_course_engine_has_its_dutch_translation():
    """The engine's own texts (exercise UI, course, company, curriculum titles) are all translated."""
    with using("en"):
        sources = [t for t in code_texts() + data_texts() if t.catalogue in ENGINE_CATALOGUES]
    assert len(sources) > 250
    gaps = missing("nl", sources)
    assert not gaps, [f"{t.place}: {t.msgid[:60]}" for t in gaps[:10]]
