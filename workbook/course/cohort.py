"""The facilitator's view of a cohort: who got how far, and what the cohort first thinks.

Reads participants' progress files (every ``progress.json`` below a folder), their exported
answer files (``workbook progress --export``) or a hub's cohort service, and never writes to any
of them.
Participants are numbered, never named; a group of fewer than ``MIN_GROUP`` answers is not
shown, so no answer can be traced to one person. A file that cannot be used is reported by
name with the reason, and the others are still counted.
"""
from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

from workbook._version import __version__
from workbook.course.progress import FILENAME, UNKNOWN, first_try, is_done, new_document, parse_document, record_answer
from workbook.course.progress_report import (ANSWER_COLUMNS, ANSWERS_SHEET, RESULT_WORDS, answer_text, by_module,
                                             completion, english_word)
from workbook.curriculum import Curriculum
from workbook.errors import InputError, Problem
from workbook.excel import save_new, write_table
from workbook.exercises import Exercise, wording
from workbook.i18n import tr, translate

MIN_GROUP = 3  # answers in a group before it is shown
MAX_FILE_BYTES = 5_000_000  # a progress file is a few kB; anything this big is not one
HUB_PROGRESS_PATH = "workbook-data/progress.json"  # WORKBOOK_HOME relative to a hub user's home
COHORT_SERVICE = "cohort"  # the hub service that reads participants' progress (workbook.hub.cohort_service)
COHORT_API = "api/progress"
GRADED = ("single_choice", "multiple_select", "numeric", "classify", "order", "code")


@dataclass
class Participant:
    """One participant's answers, known only by a number."""

    number: int
    answers: dict[str, dict[str, Any]]
    kind: str  # "progress", "export" or "hub"


@dataclass
class Cohort:
    participants: list[Participant] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------- reading
def _entries(answers: dict, label: str, problems: list[Problem]) -> dict[str, dict[str, Any]]:
    good = {k: v for k, v in answers.items() if isinstance(k, str) and isinstance(v, dict)}
    if len(good) < len(answers):
        problems.append(Problem(f"{len(answers) - len(good)} answer(s) could not be read and were left out; "
                                "the rest are counted", file=label))
    return good


def read_progress_file(path: Path, label: str | None = None) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """The answers in one progress file, read only (no lock, nothing moved or repaired)."""
    label = label or str(path)
    problems: list[Problem] = []
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError([Problem("too large to be a progress file", file=label)])
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(f"cannot be read ({exc.strerror})", file=label)]) from None
    try:
        doc = parse_document(raw)
    except ValueError as exc:
        raise InputError([Problem(f"not a usable progress file: {exc}", file=label,
                                  fix="the participant's notebook sets a damaged file aside by itself")]) from None
    if b'"answers"' not in raw:
        raise InputError([Problem("not a workbook progress file (no answers in it)", file=label)])
    return _entries(doc["answers"], label, problems), problems


def read_export_file(path: Path, label: str | None = None) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """The answers in a participant's exported answers file (the Answers sheet)."""
    from openpyxl import load_workbook

    label = label or str(path)
    problems: list[Problem] = []
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a foreign or damaged file
        raise InputError([Problem(f"not a readable Excel file ({type(exc).__name__})", file=label)]) from None
    try:
        sheet = next((name for name in wb.sheetnames if english_word(name, [ANSWERS_SHEET])), None)
        if sheet is None:
            raise InputError([Problem("not an answers export (no sheet 'Answers')", file=label,
                                      fix="export with `workbook progress --export` or course.export()")])
        rows = wb[sheet].iter_rows(values_only=True)
        header = tuple(english_word(c, ANSWER_COLUMNS) or str(c or "") for c in next(rows, ()))
        needed = ANSWER_COLUMNS[:8]
        if header[:8] != needed:
            raise InputError([Problem("the Answers sheet does not have the export's columns", file=label,
                                      sheet="Answers", value=", ".join(header[:8]))])
        col = {name: i for i, name in enumerate(header)}
        answers: dict[str, dict[str, Any]] = {}
        bad = 0
        for row in rows:
            ex_id = row[col["exercise"]] if len(row) > col["exercise"] else None
            if not ex_id:
                continue
            try:
                attempts = int(row[col["attempts"]] or 0)
            except (TypeError, ValueError):
                bad += 1
                continue
            result = row[col["result"]]
            graded = {"correct": True, "not yet": False}
            entry: dict[str, Any] = {"value": row[col["your answer"]], "attempts": attempts,
                                     "correct": graded.get(english_word(result, RESULT_WORDS.values()) or "")}
            if "first check" in col and len(row) > col["first check"] and row[col["first check"]]:
                verdict = graded.get(english_word(row[col["first check"]], RESULT_WORDS.values()) or "")
                first = row[col["first checked answer"]] if len(row) > col["first checked answer"] else None
                entry["tries"] = [{"value": first if first not in (None, "") else None, "correct": verdict}]
            answers[str(ex_id)] = entry
        if bad:
            problems.append(Problem(f"{bad} row(s) could not be read and were left out", file=label,
                                    sheet="Answers"))
        return answers, problems
    finally:
        wb.close()


def find_files(source: Path) -> list[Path]:
    """The progress and export files a source stands for: itself, or every progress.json below it."""
    if source.is_dir():
        return sorted(p for p in source.rglob(FILENAME) if p.is_file())
    return [source]


def _read_any(path: Path, label: str) -> tuple[dict[str, dict[str, Any]], list[Problem], str]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        answers, problems = read_export_file(path, label)
        return answers, problems, "export"
    if path.suffix.lower() != ".json":
        raise InputError([Problem("neither a progress file (.json) nor an answers export (.xlsx)", file=label)])
    answers, problems = read_progress_file(path, label)
    return answers, problems, "progress"


def load_cohort(sources: Iterable[str | Path], hub: str | None = None, token: str | None = None,
                service: str = COHORT_SERVICE, timeout: float = 20) -> Cohort:
    """Every participant found in the sources (and on the hub), numbered 1, 2, … in a stable order."""
    cohort = Cohort()
    found: list[tuple[str, dict[str, dict[str, Any]], str]] = []
    for source in sources:
        source = Path(source)
        if not source.exists():
            cohort.problems.append(Problem("no such file or folder", file=str(source)))
            continue
        files = find_files(source)
        if source.is_dir() and not files:
            cohort.problems.append(Problem(f"no {FILENAME} below this folder", file=str(source)))
        for path in files:
            try:
                answers, problems, kind = _read_any(path, str(path))
            except InputError as exc:
                cohort.problems.extend(exc.problems)
                continue
            cohort.problems.extend(problems)
            found.append((str(path), answers, kind))
    if hub:
        users, problems, notes = read_hub(hub, token or "", service=service, timeout=timeout)
        cohort.problems.extend(problems)
        cohort.notes.extend(notes)
        found += [(f"hub user {name}", answers, "hub") for name, answers in users]
    found.sort(key=lambda f: f[0])
    cohort.participants = [Participant(n, answers, kind) for n, (_, answers, kind) in enumerate(found, 1)]
    return cohort


# ---------------------------------------------------------------------- the hub
def _get_json(url: str, token: str, timeout: float, accept: str = "application/json") -> Any:
    import urllib.request

    request = urllib.request.Request(url, headers={"Authorization": f"token {token}", "Accept": accept})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (the facilitator's hub)
        return json.loads(response.read().decode("utf-8"))


def read_hub(hub: str, token: str, service: str = COHORT_SERVICE,
             timeout: float = 20) -> tuple[list[tuple[str, dict]], list[Problem], list[str]]:
    """Answers of every participant on a hub, from the hub's cohort service.

    The service (``workbook hub cohort-service``, run by the hub: see deploy/hub) reads the
    progress files in the participants' homes on the hub's machine. No request goes to a
    participant's server, so reading never counts as a participant's activity (the idle culler
    still stops the servers of people who left), never starts a server, and counts participants
    whose server is stopped. Needs a token with the scope ``access:services!service=cohort``
    (the hub's admins and its facilitator role have it).
    """
    import urllib.error
    from urllib.parse import quote

    base = hub.rstrip("/").removesuffix("/hub")
    url = f"{base}/services/{quote(service)}/{COHORT_API}"
    title = "Cannot read the hub"
    try:
        doc = _get_json(url, token, timeout)
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            raise InputError([Problem(f"the hub's cohort service refused the token (HTTP {exc.code})", file=hub,
                                      fix=f"use a token of the hub's admin or facilitator (scope "
                                          f"access:services!service={service})")], title=title) from None
        raise InputError([Problem(f"the hub has no cohort service at /services/{service}/ (HTTP {exc.code})",
                                  file=hub, fix="run the hub with deploy/hub/jupyterhub_config.py, or see "
                                                "docs/deploy.md for other hubs")], title=title) from None
    except (OSError, ValueError) as exc:
        raise InputError([Problem(f"the hub cannot be reached ({exc})", file=hub)], title=title) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("participants"), list):
        raise InputError([Problem("the hub's cohort service answered something else than the participants' answers",
                                  file=hub)], title=title)
    problems = [Problem(str(p.get("message", "not usable")), file=str(p.get("file") or hub))
                for p in doc.get("problems") or [] if isinstance(p, dict)]
    out: list[tuple[str, dict]] = []
    for item in doc["participants"]:
        if not isinstance(item, dict) or not isinstance(item.get("answers"), dict):
            problems.append(Problem("a participant's answers could not be read", file=hub))
            continue
        label = f"hub user {item.get('name')}"
        out.append((str(item.get("name")), _entries(item["answers"], label, problems)))
    empty = doc.get("without_answers")
    notes = [f"{empty} participant(s) on the hub have not saved an answer yet"] if isinstance(empty, int) and empty \
        else []
    return out, problems, notes


# ---------------------------------------------------------------------- the summary
@dataclass(frozen=True)
class ExerciseStats:
    exercise: str
    objective: str
    kind: str
    title: str
    answered: int
    first_tries: int  # graded first tries whose verdict is known
    right_first_try: int | None  # None when fewer than MIN_GROUP first tries
    common_wrong: tuple[tuple[str, int], ...]  # (answer, count), only groups of MIN_GROUP or more

    @property
    def share_right_first_try(self) -> float | None:
        if self.right_first_try is None or not self.first_tries:
            return None
        return self.right_first_try / self.first_tries


@dataclass
class CohortReport:
    participants: int
    modules: dict[str, dict[str, Any]]
    objectives: list[dict[str, Any]]
    people: list[dict[str, Any]]
    exercises: list[ExerciseStats]
    problems: list[Problem]
    notes: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {"participants": self.participants, "modules": self.modules, "objectives": self.objectives,
                "per_participant": self.people,
                "exercises": [{**asdict(e), "common_wrong": [{"answer": a, "count": n} for a, n in e.common_wrong],
                               "share_right_first_try": e.share_right_first_try} for e in self.exercises],
                "files_not_counted": [p.as_dict() for p in self.problems], "notes": self.notes,
                "min_group": MIN_GROUP}


def _title(ex: Exercise) -> str:
    return ex.title or (ex.prompt.strip().splitlines() or [ex.id])[0]


def summarise(cohort: Cohort, curriculum: Curriculum, bank: dict[str, Exercise]) -> CohortReport:
    """Completion per participant, module and objective; first tries and common wrong answers."""
    n = len(cohort.participants)
    people, per_objective = [], {o: [] for o in curriculum.objectives}
    for p in cohort.participants:
        rows = completion(curriculum, bank, p.answers)
        totals = by_module(rows)
        people.append({"participant": p.number, "source": p.kind,
                       "done": sum(r.done for r in rows), "total": sum(r.total for r in rows),
                       "modules": {m: {"done": d, "total": t} for m, (d, t) in totals.items()}})
        for r in rows:
            per_objective[r.objective].append(r)
    modules = {}
    for m, title in curriculum.modules.items():
        shares = [pp["modules"].get(m, {}).get("done", 0) / pp["modules"][m]["total"]
                  for pp in people if pp["modules"].get(m, {}).get("total")]
        modules[m] = {"title": title,
                      "started": sum(1 for pp in people if pp["modules"].get(m, {}).get("done")),
                      "completed": sum(1 for s in shares if s >= 1),
                      "mean_percent": round(100 * sum(shares) / len(shares)) if shares else 0}
    objectives = []
    for oid, rows in per_objective.items():
        o = curriculum.objectives[oid]
        total = rows[0].total if rows else 0
        objectives.append({"id": oid, "module": o.module, "title": o.title, "status": o.status,
                           "exercises": total, "started": sum(1 for r in rows if r.done),
                           "completed": sum(1 for r in rows if total and r.done >= total),
                           "mean_percent": round(100 * sum(r.done for r in rows) / (total * len(rows)))
                           if total and rows else 0})
    module_order = list(curriculum.modules)
    order = {oid: (module_order.index(o.module) if o.module in module_order else len(module_order), i)
             for i, (oid, o) in enumerate(curriculum.objectives.items())}
    exercises = []
    for ex in sorted(bank.values(), key=lambda e: (order.get(e.objective, (10**6, 0)), e.id)):
        entries = [p.answers[ex.id] for p in cohort.participants if ex.id in p.answers]
        answered = sum(1 for e in entries if is_done("free_text", e) or e.get("attempts"))
        right = first_known = 0
        wrong: Counter[str] = Counter()
        if ex.kind in GRADED:
            for e in entries:
                verdict, value = first_try(e)
                if verdict is None:
                    continue
                first_known += 1
                right += verdict
                if verdict is False and value is not UNKNOWN and value not in (None, ""):
                    wrong[str(answer_text(value))] += 1
        common = tuple((a, c) for a, c in sorted(wrong.items(), key=lambda kv: (-kv[1], kv[0])) if c >= MIN_GROUP)
        exercises.append(ExerciseStats(ex.id, ex.objective, ex.kind, _title(ex), answered, first_known,
                                       right if first_known >= MIN_GROUP else None, common[:5]))
    return CohortReport(n, modules, objectives, people, exercises, list(cohort.problems), list(cohort.notes))


# ---------------------------------------------------------------------- output
def format_text(report: CohortReport, curriculum: Curriculum) -> str:
    """The plain-text report printed by ``workbook cohort``."""
    problems = ("; " + tr("{n} file problem(s), see below", n=len(report.problems))) if report.problems else ""
    lines = [tr("Cohort: {n} participant(s)", n=report.participants) + problems, ""]
    lines.append(tr("Completion per module (participants started / completed, mean completion):"))
    for m, info in report.modules.items():
        lines.append(f"  {translate(info['title'])[:40]:<40} {info['started']:>4} / {info['completed']:<4} "
                     f"{info['mean_percent']:>3}%")
    lines += ["", tr("Completion per objective (started / completed, mean):")]
    for o in report.objectives:
        if o["exercises"]:
            lines.append(f"  {o['id']:<13} {o['started']:>4} / {o['completed']:<4} {o['mean_percent']:>3}%  "
                         f"{translate(o['title'])[:50]}")
    lines += ["", tr("Per exercise (first tries; groups under {n} answers are not shown):", n=MIN_GROUP)]
    answered = tr("answered")
    for e in report.exercises:
        if not e.answered and not e.first_tries:
            continue
        share = (tr("{percent}% right at first try ({n})", percent=round(100 * e.share_right_first_try),
                    n=e.first_tries)
                 if e.share_right_first_try is not None else
                 (tr("not graded") if e.kind not in GRADED else tr("under {n} first tries", n=MIN_GROUP)))
        lines.append(f"  {e.exercise:<34} {answered} {e.answered:>4}  {share}")
        for answer, count in e.common_wrong:  # counted in English, shown in the reader's language
            lines.append(f"      {count:>4} × {wording(answer)[:90]}")
    lines += ["", tr("Per participant (exercises done):")]
    for p in report.people:
        parts = ", ".join(f"{translate(curriculum.modules.get(m, m))[:18]} {v['done']}/{v['total']}"
                          for m, v in p["modules"].items())
        lines.append(f"  #{p['participant']:<4} {p['done']:>3}/{p['total']:<3} {parts}")
    if report.notes:
        lines += [""] + [tr("note: {note}", note=n) for n in report.notes]
    if report.problems:
        lines += ["", tr("Files not counted or counted in part:")] + [f"  {p}" for p in report.problems]
    return "\n".join(lines) + "\n"


def export_excel(path: str | Path, report: CohortReport, curriculum: Curriculum, *, force: bool = False,
                 protect=()) -> Path:
    """The cohort view as a new Excel file (for the programme's records); an existing file only with
    ``force``, never a source (see :func:`workbook.outputs.output_path`)."""
    from openpyxl import Workbook

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = tr("Modules")
    write_table(ws, [tr("module"), tr("title"), tr("participants started"), tr("completed"), tr("mean completion %")],
                [(m, translate(i["title"]), i["started"], i["completed"], i["mean_percent"])
                 for m, i in report.modules.items()],
                widths={2: 40})
    write_table(wb.create_sheet(tr("Objectives")),
                [tr("objective"), tr("module"), tr("title"), tr("exercises"), tr("started"), tr("completed"),
                 tr("mean completion %")],
                [(o["id"], o["module"], translate(o["title"]), o["exercises"], o["started"], o["completed"],
                  o["mean_percent"]) for o in report.objectives], widths={3: 60})
    modules = list(curriculum.modules)
    write_table(wb.create_sheet(tr("Participants")),
                [tr("participant"), tr("exercises done"), tr("exercises")]
                + [tr("{module} done", module=m) for m in modules],
                [(p["participant"], p["done"], p["total"]) + tuple(p["modules"].get(m, {}).get("done", 0) for m in modules)
                 for p in report.people])
    write_table(wb.create_sheet(tr("Exercises")),
                [tr("exercise"), tr("objective"), tr("kind"), tr("question"), tr("answered"), tr("first tries"),
                 tr("right at first try"), tr("share right at first try")],
                [(e.exercise, e.objective, e.kind, wording(e.title), e.answered, e.first_tries, e.right_first_try,
                  None if e.share_right_first_try is None else round(e.share_right_first_try, 3))
                 for e in report.exercises], widths={1: 30, 4: 60})
    write_table(wb.create_sheet(tr("Wrong answers")),
                [tr("exercise"), tr("first answer (wrong)"), tr("participants")],
                [(e.exercise, wording(a), c) for e in report.exercises for a, c in e.common_wrong],
                widths={1: 30, 2: 80})
    write_table(wb.create_sheet(tr("Files")), [tr("file"), tr("problem")],
                [(p.file or "", p.message) for p in report.problems] + [("", n) for n in report.notes],
                widths={1: 60, 2: 80})
    write_table(wb.create_sheet(tr("About")), [tr("item"), tr("value")],
                [(tr("package"), f"workbook {__version__}"), (tr("participants"), report.participants),
                 (tr("rule"), tr("groups of fewer than {n} answers are not shown; participants are numbered, "
                                 "not named", n=MIN_GROUP))], widths={1: 18, 2: 80})
    return save_new(wb, path, protect=protect, force=force, title=tr("Cannot write the cohort view"))


# ---------------------------------------------------------------------- a demo cohort
DEMO_TIME = "2026-03-02T10:00:00+00:00"


def write_demo_cohort(folder: str | Path, bank: dict[str, Exercise], curriculum: Curriculum,
                      participants: int = 40, seed: int = 2026,
                      objectives: Iterable[str] | None = None) -> list[Path]:
    """Write invented participants' progress files (``pNN/workbook-data/progress.json``).

    Deterministic for a seed, for the facilitator's demo, the tests and the benchmark. Each
    invented participant works through the objectives in course order and stops somewhere;
    first tries are right with a per-exercise chance, wrong ones favour one distractor, so
    the view has common wrong answers to show.
    """
    rng = random.Random(seed)
    folder = Path(folder)
    modules = list(curriculum.modules)
    chosen = sorted((o for o in (objectives or curriculum.objectives) if curriculum.objectives[o].status == "ready"),
                    key=lambda o: modules.index(curriculum.objectives[o].module))
    plan = [(o, [e for e in curriculum.objectives[o].exercises if e in bank]) for o in chosen]
    refs: dict[str, Any] = {}
    written = []
    for n in range(1, participants + 1):
        doc = new_document()
        reach = rng.randint(1, len(plan)) if plan else 0
        for oid, ex_ids in plan[:reach]:
            for ex_id in ex_ids:
                ex = bank[ex_id]
                if rng.random() < 0.15:
                    continue  # skipped
                if ex.kind == "free_text":
                    record_answer(doc, ex_id, f"Reflection {n}: we start with our main suppliers.", now=DEMO_TIME)
                    continue
                if ex_id not in refs:
                    try:
                        as_saved = lambda v: json.loads(json.dumps(v, default=str))  # noqa: E731 (as a widget saves it)
                        refs[ex_id] = (as_saved(ex.reference()), [as_saved(w) for w in ex.wrong_responses()])
                    except Exception:  # a reference that needs a kernel's data: leave it out of the demo
                        refs[ex_id] = None
                if not refs[ex_id]:
                    continue
                right, wrongs = refs[ex_id]
                difficulty = (int.from_bytes(ex_id.encode()[-2:], "big") % 60) / 100 + 0.3
                if rng.random() < difficulty or not wrongs:
                    record_answer(doc, ex_id, right, True, checked=True, now=DEMO_TIME)
                    continue
                wrong = wrongs[0] if rng.random() < 0.6 else rng.choice(wrongs)
                record_answer(doc, ex_id, wrong, False, checked=True, now=DEMO_TIME)
                if rng.random() < 0.8:
                    record_answer(doc, ex_id, right, True, checked=True, now=DEMO_TIME)
        path = folder / f"p{n:03d}" / "workbook-data" / FILENAME
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        path.chmod(0o600)
        written.append(path)
    return written
