"""The red-flag checklist and the supplier self-assessment questionnaire, as Excel files.

A participant exports them, fills them in (or sends the questionnaire to a supplier), and
reads the filled file back: answers are checked (a bad cell is reported with its sheet, row,
column, value and fix) and turned into red flags. Text is written formula-safe, and the
input file is never overwritten.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from workbook.errors import InputError, Problem
from workbook.excel import save_new, write_table
from workbook.forced_labour.essentials.content import Content, indicator_names, load
from workbook.provenance import add_about_sheet, provenance
from workbook.safeinput import open_xlsx

CHECKLIST_SHEET = "Red flags"
QUESTIONNAIRE_SHEET = "Questionnaire"
SUPPLIER_SHEET = "Supplier"
CHECKLIST_HEADER = ("ID", "Area", "Red flag", "ILO indicators", "How to check", "Found?", "Notes", "Source")
QUESTIONNAIRE_HEADER = ("ID", "Section", "Question", "Answer type", "Possible answers", "Answer", "Guidance",
                        "Source")
SUPPLIER_FIELDS = ("Supplier name", "Site (address)", "Filled in by", "Date")
YES_NO = ("Yes", "No")
TYPE_LABELS = {"yes_no": "Yes / No", "number": "number", "percent": "percent (0-100)", "choice": "choose one",
               "text": "text"}


@dataclass
class ChecklistResult:
    """What a participant recorded in the checklist: per red flag, Found? and notes."""

    found: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def flagged(self) -> list[str]:
        return [k for k, v in self.found.items() if v == "Yes"]

    def unknown(self) -> list[str]:
        return [k for k, v in self.found.items() if v in ("Unknown", "")]


@dataclass
class QuestionnaireResult:
    """A supplier's answers (None when unanswered), and who answered."""

    answers: dict[str, Any] = field(default_factory=dict)
    supplier: dict[str, str] = field(default_factory=dict)

    def unanswered(self) -> list[str]:
        return [k for k, v in self.answers.items() if v is None]


# ------------------------------------------------------------------ export
def next_free_path(path: str | Path) -> Path:
    """``path``, or ``name (2).xlsx``, ``name (3).xlsx``... if taken: a filled-in file is never replaced."""
    path = Path(path)
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return candidate


def export_checklist(path: str | Path, result: ChecklistResult | None = None, *,
                     content: Content | None = None, protect: tuple[str | Path, ...] = ()) -> Path:
    """Write the red-flag checklist to a new Excel file (optionally with earlier answers)."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    content = content or load()
    meta = content.files["red_flag_checklist.yaml"]
    names = indicator_names(content)
    result = result or ChecklistResult()
    wb = Workbook()
    ws = wb.active
    ws.title = CHECKLIST_SHEET
    rows = [(rf["id"], meta["areas"][rf["area"]], rf["flag"], "; ".join(names[i] for i in rf["indicators"]),
             rf["how_to_check"], result.found.get(rf["id"], ""), result.notes.get(rf["id"], ""), rf["source"])
            for rf in content.red_flags]
    last = write_table(ws, CHECKLIST_HEADER, rows, widths={1: 28, 2: 24, 3: 60, 4: 34, 5: 60, 6: 12, 7: 40, 8: 50})
    dv = DataValidation(type="list", formula1='"' + ",".join(meta["answers"]) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle="Found?",
                        error="Choose " + ", ".join(meta["answers"]) + ".")
    ws.add_data_validation(dv)
    dv.add(f"F2:F{last - 1}")
    _indicator_sheet(wb, content)
    _about(wb, content, "Red-flag checklist")
    return save_new(wb, path, protect=protect)


def export_questionnaire(path: str | Path, result: QuestionnaireResult | None = None, *,
                         content: Content | None = None, protect: tuple[str | Path, ...] = ()) -> Path:
    """Write the supplier self-assessment questionnaire to a new Excel file."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    content = content or load()
    sections = content.files["supplier_questionnaire.yaml"]["sections"]
    result = result or QuestionnaireResult()
    wb = Workbook()
    ws = wb.active
    ws.title = QUESTIONNAIRE_SHEET
    rows = []
    for q in content.questions:
        answer = result.answers.get(q["id"])
        rows.append((q["id"], sections[q["section"]], q["question"], TYPE_LABELS[q["answer_type"]],
                     _possible(q), "" if answer is None else answer, q["guidance"], q["source"]))
    write_table(ws, QUESTIONNAIRE_HEADER, rows, widths={1: 22, 2: 26, 3: 70, 4: 16, 5: 40, 6: 30, 7: 60, 8: 50})
    for r, q in enumerate(content.questions, start=2):
        dv = _validation(q, DataValidation)
        if dv is not None:
            ws.add_data_validation(dv)
            dv.add(f"F{r}")
    sup = wb.create_sheet(SUPPLIER_SHEET)
    write_table(sup, ("Field", "Value"), [(f, result.supplier.get(f, "")) for f in SUPPLIER_FIELDS],
                widths={1: 20, 2: 50})
    _about(wb, content, "Supplier self-assessment questionnaire")
    return save_new(wb, path, protect=protect)


def _possible(q: dict) -> str:
    kind = q["answer_type"]
    if kind == "yes_no":
        return "Yes; No"
    if kind == "choice":
        return "; ".join(q["options"])
    if kind in ("number", "percent"):
        lo = q.get("min", 0)
        hi = q.get("max", 100 if kind == "percent" else None)
        return f"{lo} to {hi}" if hi is not None else f"{lo} or more"
    return "free text"


def _validation(q: dict, DataValidation):  # noqa: N803 (the openpyxl class)
    kind = q["answer_type"]
    if kind in ("yes_no", "choice"):
        options = YES_NO if kind == "yes_no" else q["options"]
        if sum(len(o) + 1 for o in options) > 250 or any("," in o or '"' in o for o in options):
            return None  # Excel lists cannot hold these; reading back still checks the value
        return DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
    if kind in ("number", "percent"):
        lo = q.get("min", 0)
        hi = q.get("max", 100 if kind == "percent" else 10**9)
        return DataValidation(type="decimal", operator="between", formula1=str(lo), formula2=str(hi),
                              allow_blank=True, showErrorMessage=True, error=f"Enter a number from {lo} to {hi}.")
    return None


def _indicator_sheet(wb, content: Content) -> None:
    ws = wb.create_sheet("ILO indicators")
    rows = [(i["number"], i["name"], i["explanation"],
             "yes" if i["explanation_verified"] else "no (course paraphrase, not the ILO's wording)", i["source"])
            for i in content.indicators]
    write_table(ws, ("No.", "Indicator", "Plain explanation", "Explanation checked against the ILO text?", "Source"),
                rows, widths={1: 6, 2: 34, 3: 80, 4: 24, 5: 60})


def _about(wb, content: Content, title: str) -> None:
    info = {"document": title, **provenance(data_edition=content.edition(), sources=content.sources())}
    add_about_sheet(wb, info)


# ------------------------------------------------------------------ read back
def _open(path: str | Path, sheet: str, header: tuple[str, ...]):
    from openpyxl import load_workbook

    path = Path(path)
    open_xlsx(path, sheets=[sheet], missing=Problem("the file does not exist", file=str(path),
                                                    fix="check the name and folder of the file")).close()
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a non-xlsx file
        raise InputError([Problem(f"not an Excel (.xlsx) file ({type(exc).__name__})", file=path.name,
                                  fix="save the file as Excel Workbook (.xlsx) and try again")],
                         title="Cannot read the file") from None
    if sheet not in wb.sheetnames:
        wb.close()
        raise InputError([Problem(f"the sheet '{sheet}' is missing", file=path.name,
                                  fix=f"use the file exported by the course; it has a sheet '{sheet}'")],
                         title="Cannot read the file")
    rows = list(wb[sheet].iter_rows(values_only=True))
    wb.close()
    got = tuple(str(c or "").strip() for c in (rows[0] if rows else ()))[:len(header)]
    if got != header:
        raise InputError([Problem("the header row has been changed", file=path.name, sheet=sheet, row=1,
                                  value=", ".join(got), fix="restore the header: " + ", ".join(header))],
                         title="Cannot read the file")
    return path, rows[1:]


def _text(value: Any) -> str:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return "" if value is None else str(value).strip()


def read_checklist(path: str | Path, content: Content | None = None) -> ChecklistResult:
    """Read a filled checklist; every problem is reported at once with sheet, row and column."""
    content = content or load()
    path, rows = _open(path, CHECKLIST_SHEET, CHECKLIST_HEADER)
    allowed = list(content.files["red_flag_checklist.yaml"]["answers"])
    known = {rf["id"] for rf in content.red_flags}
    result, problems = ChecklistResult(), []
    for r, row in enumerate(rows, start=2):
        row = tuple(row) + (None,) * (len(CHECKLIST_HEADER) - len(row))
        rid, found, notes = _text(row[0]), _text(row[5]), _text(row[6])
        if not rid and not found and not notes:
            continue
        if rid not in known:
            problems.append(Problem("unknown red-flag id", file=path.name, sheet=CHECKLIST_SHEET, row=r, column="ID",
                                    value=rid, fix="do not edit the ID column; export a fresh checklist if needed"))
            continue
        match = next((a for a in allowed if a.lower() == found.lower()), None)
        if found and match is None:
            problems.append(Problem("the answer is not one of the choices", file=path.name, sheet=CHECKLIST_SHEET,
                                    row=r, column="Found?", value=found, fix="choose " + ", ".join(allowed)))
            continue
        result.found[rid] = match or ""
        result.notes[rid] = notes
    if problems:
        raise InputError(problems, title=f"The checklist {path.name} has problems")
    return result


def read_questionnaire(path: str | Path, content: Content | None = None) -> QuestionnaireResult:
    """Read a filled questionnaire; check every answer against its question's type."""
    from openpyxl import load_workbook

    content = content or load()
    path, rows = _open(path, QUESTIONNAIRE_SHEET, QUESTIONNAIRE_HEADER)
    questions = {q["id"]: q for q in content.questions}
    result = QuestionnaireResult(answers={qid: None for qid in questions})
    problems: list[Problem] = []
    for r, row in enumerate(rows, start=2):
        row = tuple(row) + (None,) * (len(QUESTIONNAIRE_HEADER) - len(row))
        qid, raw = _text(row[0]), row[5]
        if not qid and raw in (None, ""):
            continue
        if qid not in questions:
            problems.append(Problem("unknown question id", file=path.name, sheet=QUESTIONNAIRE_SHEET, row=r,
                                    column="ID", value=qid, fix="do not edit the ID column"))
            continue
        value, problem = parse_answer(questions[qid], raw)
        if problem:
            problems.append(Problem(problem[0], file=path.name, sheet=QUESTIONNAIRE_SHEET, row=r, column="Answer",
                                    value=raw, fix=problem[1]))
        else:
            result.answers[qid] = value
    if problems:
        raise InputError(problems, title=f"The questionnaire {path.name} has problems")
    wb = load_workbook(path, read_only=True, data_only=True)
    if SUPPLIER_SHEET in wb.sheetnames:
        for row in list(wb[SUPPLIER_SHEET].iter_rows(values_only=True))[1:]:
            if row and _text(row[0]) in SUPPLIER_FIELDS:
                result.supplier[_text(row[0])] = _text(row[1] if len(row) > 1 else None)
    wb.close()
    return result


def parse_answer(q: Mapping[str, Any], raw: Any) -> tuple[Any, tuple[str, str] | None]:
    """One answer as a value of its question's type, or (None, (problem, fix))."""
    kind = q["answer_type"]
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    if kind in ("yes_no", "choice"):
        options = YES_NO if kind == "yes_no" else q["options"]
        text = _text(raw)
        match = next((o for o in options if o.lower() == text.lower()), None)
        if match is None:
            return None, ("the answer is not one of the choices", "choose one of: " + "; ".join(options))
        return match, None
    if kind in ("number", "percent"):
        if isinstance(raw, bool):
            return None, ("a number is needed", "type a number")
        if isinstance(raw, (int, float)):
            value = float(raw)
        else:
            text = _text(raw).rstrip("%").strip().replace(" ", "")
            if text.count(",") == 1 and "." not in text:
                text = text.replace(",", ".")
            try:
                value = float(text)
            except ValueError:
                return None, ("a number is needed", "type digits only, e.g. 12 or 12,5")
        lo = q.get("min", 0)
        hi = q.get("max", 100 if kind == "percent" else None)
        if value < lo or (hi is not None and value > hi):
            rng = f"from {lo} to {hi}" if hi is not None else f"of at least {lo}"
            return None, ("the number is out of range", f"enter a number {rng}")
        return (int(value) if value.is_integer() else value), None
    return _text(raw), None


# ------------------------------------------------------------------ answers -> red flags
def red_flags_from_answers(answers: Mapping[str, Any], content: Content | None = None) -> list[dict[str, Any]]:
    """The red flags a supplier's answers raise, each with the question and answer behind it."""
    content = content or load()
    flags = {rf["id"]: rf for rf in content.red_flags}
    out = []
    for q in content.questions:
        value = answers.get(q["id"])
        if value is None or "flag_when" not in q or not _matches(q["flag_when"], value):
            continue
        rf = flags[q["red_flag"]]
        out.append({"question": q["id"], "answer": value, "red_flag": rf["id"], "flag": rf["flag"],
                    "indicators": list(rf["indicators"])})
    return out


def _matches(cond: Mapping[str, Any], value: Any) -> bool:
    (op, target), = ((k, v) for k, v in cond.items())
    if op == "equals":
        return value == target
    if op == "in":
        return value in target
    if not isinstance(value, (int, float)):
        return False
    return value > target if op == "above" else value < target
