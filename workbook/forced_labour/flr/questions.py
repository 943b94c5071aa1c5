"""The participant's questions for the FLR experts (fl3.f): seeded, edited, saved, exported.

The seed list is content (``data/forced_labour/flr/expert_questions.yaml``): points the
course could not confirm. The participant's list is plain data (a list of dicts) kept with
the progress through ``course.save``/``course.load`` under :data:`STORE_KEY`.
"""
from __future__ import annotations

from pathlib import Path

from workbook.errors import InputError, Problem
from workbook.excel import save_new, write_table
from workbook.forced_labour.flr.facts import document
from workbook.i18n import N_, tr
from workbook.provenance import add_about_sheet, provenance

STORE_KEY = "fl3_expert_questions"
SEED_FILE = "expert_questions.yaml"
FIELDS = ("id", "topic", "question", "addressee", "why_open")
ADDRESSEES = (N_("Ministry of Foreign Affairs / RVO"), N_("European Commission"), N_("Dutch competent authority"),
              N_("Sector association"), N_("Other"))  # stored in English; shown with tr()
MY_QUESTION = N_("My question")


def seed_questions() -> list[dict[str, str]]:
    """The seed list (``expert_questions.yaml``, checked as declared), each marked as a seed."""
    return [dict(q, source="seed") for q in document(SEED_FILE)["questions"]]


def start_list(saved: list[dict] | None) -> list[dict[str, str]]:
    """The participant's saved list, or the seed list the first time."""
    if saved:
        return [dict(q) for q in saved]
    return seed_questions()


def add_question(questions: list[dict], question: str, topic: str | None = None,
                 addressee: str = "Other") -> list[dict]:
    """A new list with the question added (never mutates the input)."""
    text = (question or "").strip()
    if len(text) < 10:
        raise InputError([Problem(tr("the question is too short"), column="question", value=question,
                                  fix=tr("write a full question of at least 10 characters"))],
                         title=tr("Cannot add the question"))
    if any(q["question"].strip().lower() == text.lower() for q in questions):
        raise InputError([Problem(tr("this question is already on the list"), column="question",
                                  value=text, fix=tr("edit the existing question instead"))],
                         title=tr("Cannot add the question"))
    taken = {q["id"] for q in questions}
    n = 1
    while f"my-{n}" in taken:
        n += 1
    return [*questions, {"id": f"my-{n}", "topic": (topic or "").strip() or tr(MY_QUESTION),
                         "question": text, "addressee": addressee, "why_open": "",
                         "source": "participant"}]


def remove_question(questions: list[dict], qid: str) -> list[dict]:
    if qid not in {q["id"] for q in questions}:
        raise InputError([Problem(tr("no question with id {id}", id=repr(qid)), column="id",
                                  fix=tr("pick an id from the list"))], title=tr("Cannot remove the question"))
    return [q for q in questions if q["id"] != qid]


def export_excel(questions: list[dict], path, *, force: bool = False, rename: bool = False) -> Path:
    """The list as a new Excel file, ready to send before an expert session."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = tr("Questions")
    write_table(ws, ["#", tr("topic"), tr("question"), tr("for"), tr("what is known")],
                [(i, q["topic"], q["question"], tr(q["addressee"]), q.get("why_open", ""))
                 for i, q in enumerate(questions, 1)],
                widths={2: 18, 3: 80, 4: 30, 5: 60})
    add_about_sheet(wb, provenance(data_edition=tr("FLR expert questions (seed: "
                                                   "data/forced_labour/flr/expert_questions.yaml)")))
    return save_new(wb, path, force=force, rename=rename, title=tr("Cannot write the questions"))
