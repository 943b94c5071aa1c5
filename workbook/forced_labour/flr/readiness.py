"""FLR readiness self-assessment: a scored questionnaire, a gap list and a dated plan.

The questions, weights and planning assumptions are content in
``data/forced_labour/flr/readiness.yaml``. Scoring and planning are pure functions; the
plan counts back from the application date of the Regulation (read from the timeline
data), so a gap whose action cannot finish in time is flagged, not hidden. The Excel export is
written in the participant's language (the questions' wording comes translated from the data).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook.datafiles import RowProblem
from workbook.documents import line_of
from workbook.errors import InputError, Problem
from workbook.excel import save_new, write_table
from workbook.forced_labour.flr.facts import application_date, document
from workbook.i18n import tr
from workbook.paths import data_cache
from workbook.provenance import add_about_sheet, provenance

READINESS_FILE = "readiness.yaml"
QUESTION_FIELDS = {"id", "area", "question", "weight", "gap", "action", "lead_weeks", "objective", "basis"}


@dataclass(frozen=True)
class Question:
    id: str
    area: str
    question: str
    weight: int
    gap: str
    action: str
    lead_weeks: int
    objective: str
    basis: str


def scale_rules(data: dict) -> list[RowProblem]:
    """readiness.yaml: the scale's scores are 0, 1, 2, ... in order (a score is its position)."""
    scores = [s["score"] for s in data["scale"]]
    if scores != list(range(len(scores))):
        return [RowProblem(line_of(data, "scale"),
                           f"the scale's scores must be 0, 1, 2, ... in order (found {scores})")]
    return []


@data_cache
def _load() -> tuple[list[dict], list[Question]]:
    raw = document(READINESS_FILE)
    return raw["scale"], [Question(**{k: q[k] for k in QUESTION_FIELDS}) for q in raw["questions"]]


def scale() -> list[dict]:
    return [dict(s) for s in _load()[0]]


def questions() -> list[Question]:
    return list(_load()[1])


def max_score() -> int:
    return len(scale()) - 1


def validate_answers(answers: dict[str, int]) -> dict[str, int]:
    """Every question answered with a score on the scale; else an InputError naming them."""
    top = max_score()
    problems = []
    for q in questions():
        v = answers.get(q.id)
        if v is None:
            problems.append(Problem(tr("not answered"), column=q.id, fix=tr("choose a score 0-{top}", top=top)))
        elif isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= top:
            problems.append(Problem(tr("score out of range"), column=q.id, value=v,
                                    fix=tr("choose a whole number 0-{top}", top=top)))
    for k in set(answers) - {q.id for q in questions()}:
        problems.append(Problem(tr("unknown question id"), column=k, fix=tr("remove it")))
    if problems:
        raise InputError(problems, title=tr("The self-assessment is incomplete"))
    return dict(answers)


def score(answers: dict[str, int]) -> dict[str, Any]:
    """Weighted readiness in percent, overall and per area."""
    answers = validate_answers(answers)
    top = max_score()
    areas: dict[str, list[float]] = {}
    got = total = 0.0
    for q in questions():
        got += q.weight * answers[q.id]
        total += q.weight * top
        a = areas.setdefault(q.area, [0.0, 0.0])
        a[0] += q.weight * answers[q.id]
        a[1] += q.weight * top
    return {"overall_pct": round(100 * got / total, 1),
            "areas": {k: round(100 * v[0] / v[1], 1) for k, v in areas.items()}}


def gaps(answers: dict[str, int]) -> list[dict[str, Any]]:
    """Items below the top score, most important first (weight x shortfall, then lead time)."""
    answers = validate_answers(answers)
    top = max_score()
    out = [{"id": q.id, "area": q.area, "gap": q.gap, "action": q.action,
            "priority": q.weight * (top - answers[q.id]), "score": answers[q.id],
            "lead_weeks": q.lead_weeks, "objective": q.objective, "basis": q.basis}
           for q in questions() if answers[q.id] < top]
    return sorted(out, key=lambda g: (-g["priority"], -g["lead_weeks"], g["id"]))


def plan(answers: dict[str, int], start: dt.date, tracks: int = 2,
         deadline: dt.date | None = None) -> list[dict[str, Any]]:
    """A dated plan: gap actions in priority order over ``tracks`` parallel work streams.

    Each action starts when a track is free and lasts its lead time; ``late`` marks an
    action that ends after the deadline (default: the FLR application date).
    """
    if not isinstance(tracks, int) or tracks < 1:
        raise InputError([Problem(tr("the number of parallel work streams must be at least 1"),
                                  column="tracks", value=tracks, fix=tr("use 1, 2 or 3"))])
    deadline = deadline or application_date()
    free = [start] * tracks
    rows = []
    for g in gaps(answers):
        i = min(range(tracks), key=lambda k: free[k])
        begin = free[i]
        end = begin + dt.timedelta(weeks=g["lead_weeks"])
        free[i] = end
        rows.append({**g, "track": i + 1, "start": begin, "end": end, "late": end > deadline,
                     "weeks_before_deadline": (deadline - end).days // 7})
    return rows


def export_excel(answers: dict[str, int], start: dt.date, path, tracks: int = 2, *, force: bool = False,
                 rename: bool = False) -> Path:
    """Answers, gaps and the dated plan as a new Excel file (with an About sheet)."""
    from openpyxl import Workbook

    result = score(answers)
    rows = plan(answers, start, tracks)
    scale_text = {s["score"]: s["text"] for s in scale()}
    wb = Workbook()
    ws = wb.active
    ws.title = tr("Answers")
    write_table(ws, [tr("area"), tr("question"), tr("score"), tr("meaning"), tr("weight")],
                [(q.area, q.question, answers[q.id], scale_text[answers[q.id]], q.weight)
                 for q in questions()], widths={1: 24, 2: 80, 4: 30})
    ws2 = wb.create_sheet(tr("Scores"))
    write_table(ws2, [tr("area"), tr("readiness %")],
                [(tr("Overall"), result["overall_pct"])] + sorted(result["areas"].items()),
                widths={1: 28})
    ws3 = wb.create_sheet(tr("Plan"))
    write_table(ws3, [tr("priority"), tr("area"), tr("gap"), tr("action"), tr("start"), tr("end"), tr("late"),
                      tr("track"), tr("basis")],
                [(r["priority"], r["area"], r["gap"], r["action"], r["start"], r["end"],
                  tr("LATE") if r["late"] else "", r["track"], r["basis"]) for r in rows],
                widths={2: 22, 3: 50, 4: 70, 5: 12, 6: 12, 9: 50})
    for row in ws3.iter_rows(min_row=2, min_col=5, max_col=6):
        for c in row:
            c.number_format = "yyyy-mm-dd"
    add_about_sheet(wb, provenance(data_edition=tr("FLR readiness questionnaire "
                                                   "(data/forced_labour/flr/readiness.yaml)"),
                                   sources=[tr("deadline: FLR application date {date} (Art. 39)",
                                               date=application_date())]))
    return save_new(wb, path, force=force, rename=rename, title=tr("Cannot write the plan"))
