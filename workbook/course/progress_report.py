"""What a participant has done: completion per module and objective, and the hand-in export."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from workbook._version import __version__
from workbook.course.progress import UNKNOWN, first_try, is_done
from workbook.curriculum import Curriculum
from workbook.excel import save_new, set_cell, write_table
from workbook.exercises import Exercise, wording
from workbook.i18n import N_, spellings, tr, translate


@dataclass(frozen=True)
class ObjectiveProgress:
    module: str
    objective: str
    title: str
    status: str
    total: int
    done: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def completion(curriculum: Curriculum, bank: dict[str, Exercise],
               answers: dict[str, dict[str, Any]]) -> list[ObjectiveProgress]:
    """One row per objective, in curriculum order."""
    rows = []
    for o in curriculum.objectives.values():
        ids = [e for e in o.exercises if e in bank] or [e.id for e in bank.values() if e.objective == o.id]
        done = sum(is_done(bank[e].kind, answers.get(e)) for e in ids)
        rows.append(ObjectiveProgress(o.module, o.id, o.title, o.status, len(ids), done))
    return rows


def by_module(rows: list[ObjectiveProgress]) -> dict[str, tuple[int, int]]:
    """(done, total) per module."""
    out: dict[str, tuple[int, int]] = {}
    for r in rows:
        d, t = out.get(r.module, (0, 0))
        out[r.module] = (d + r.done, t + r.total)
    return out


def format_text(curriculum: Curriculum, rows: list[ObjectiveProgress]) -> str:
    """The plain-text report printed by ``workbook progress``."""
    lines = []
    totals = by_module(rows)
    for module, title in curriculum.modules.items():
        done, total = totals.get(module, (0, 0))
        pct = f"{round(100 * done / total)}%" if total else "-"
        lines.append(tr("{module}: {done}/{total} exercises done ({percent})", module=translate(title), done=done,
                        total=total, percent=pct))
        for r in rows:
            if r.module != module:
                continue
            state = f"{r.done}/{r.total}" if r.status == "ready" else tr("coming soon")
            lines.append(f"  {r.objective:<13} {state:<12} {translate(r.title)[:70]}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def as_json(curriculum: Curriculum, rows: list[ObjectiveProgress]) -> str:
    totals = by_module(rows)
    return json.dumps({
        "modules": {m: {"title": t, "done": totals.get(m, (0, 0))[0], "total": totals.get(m, (0, 0))[1]}
                    for m, t in curriculum.modules.items()},
        "objectives": [{"id": r.objective, "module": r.module, "status": r.status,
                        "done": r.done, "total": r.total} for r in rows],
    }, indent=2)


RESULT_WORDS = {True: N_("correct"), False: N_("not yet"), None: N_("saved")}
# The Answers sheet of an export; the facilitator's cohort view reads exports by these names (in
# English or translated: an export is written in the participant's language, see english_word).
ANSWER_COLUMNS = (N_("objective"), N_("exercise"), N_("level"), N_("kind"), N_("question"), N_("your answer"),
                  N_("result"), N_("attempts"), N_("saved at (UTC)"), N_("first checked answer"), N_("first check"))
SUMMARY_COLUMNS = (N_("module"), N_("objective"), N_("title"), N_("done"), N_("exercises"))
SUMMARY_SHEET, ANSWERS_SHEET, NOTES_SHEET, ABOUT_SHEET = N_("Summary"), N_("Answers"), N_("Notes"), N_("About")
ITEM_VALUE = (N_("item"), N_("value"))


def english_word(written: Any, words: Iterable[str]) -> str | None:
    """Which of the English ``words`` a header or result cell says, in English or in a translation
    (a Dutch export is read like an English one); None when it is none of them."""
    text = str(written or "").strip()
    for word in words:
        if text in spellings(word):
            return word
    return None


def answer_text(value: Any) -> Any:
    """An answer as one cell of text (a classification as ``item → category; ...``)."""
    if isinstance(value, dict):
        return "; ".join(f"{k} → {v}" for k, v in value.items())
    if isinstance(value, list):
        return " | ".join(map(str, value))
    return value


def export_excel(path: str | Path, curriculum: Curriculum, bank: dict[str, Exercise],
                 doc: dict[str, Any], participant: str = "", *, force: bool = False, rename: bool = False) -> Path:
    """Write the participant's answers to a new Excel file to hand in.

    Text that looks like a formula is written as text (see :mod:`workbook.excel`).
    """
    from openpyxl import Workbook

    answers = doc.get("answers", {})
    rows = completion(curriculum, bank, answers)
    wb = Workbook()
    ws = wb.active
    ws.title = tr(SUMMARY_SHEET)
    summary = [(translate(curriculum.modules.get(r.module, r.module)), r.objective, translate(r.title), r.done,
                r.total) for r in rows if r.total]
    nxt = write_table(ws, [tr(c) for c in SUMMARY_COLUMNS], summary, widths={1: 28, 2: 12, 3: 70})
    if participant:
        ws.cell(row=nxt + 1, column=1, value=tr("participant"))

        set_cell(ws, nxt + 1, 2, participant)

    order = {oid: n for n, oid in enumerate(curriculum.objectives)}
    ws = wb.create_sheet(tr(ANSWERS_SHEET))
    answer_rows = []
    for ex_id, entry in sorted(answers.items(),
                               key=lambda kv: (order.get(getattr(bank.get(kv[0]), "objective", ""), 10**6), kv[0])):
        ex = bank.get(ex_id)
        result = tr(RESULT_WORDS[entry.get("correct")])
        first_verdict, first_value = first_try(entry)
        answer_rows.append((
            ex.objective if ex else "", ex_id, ex.level if ex else "", ex.kind if ex else "",
            (wording(ex.title) or wording(ex.prompt).splitlines()[0]) if ex else tr("(exercise no longer in the course)"),
            answer_text(entry.get("value")), result, entry.get("attempts", 0), entry.get("saved_at", ""),
            "" if first_value is UNKNOWN else answer_text(first_value),
            "" if first_verdict is None else tr(RESULT_WORDS[first_verdict])))
    # "your answer" is the stored answer: the English option text whatever the language, so the
    # facilitator's cohort view counts the same answers together (it shows them translated).
    write_table(ws, [tr(c) for c in ANSWER_COLUMNS], answer_rows, widths={5: 60, 6: 60, 9: 22, 10: 40})

    data = doc.get("data", {})
    if data:
        ws = wb.create_sheet(tr(NOTES_SHEET))
        write_table(ws, [tr(c) for c in ITEM_VALUE],
                    [(k, v if isinstance(v, (str, int, float)) else json.dumps(v, ensure_ascii=False))
                     for k, v in sorted(data.items())], widths={1: 30, 2: 100})
    ws = wb.create_sheet(tr(ABOUT_SHEET))
    write_table(ws, [tr(c) for c in ITEM_VALUE], [(tr("package"), f"workbook {__version__}"),
                                                  (tr("content"), tr("exercise answers exported from the progress file"))],
                widths={1: 18, 2: 80})
    return save_new(wb, path, force=force, rename=rename, title="Cannot write the answers")
