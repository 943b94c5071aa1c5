"""The participant's company workspace: the files they chose once, used by every notebook.

A chosen file is recognised by its content (a climate data template, an activity CSV, a
footprint JSON or a supplier map), checked with the same readers the notebooks use, and
copied into ``WORKBOOK_HOME/company/``: the original is never changed or moved. The choice
is kept with the progress (``data.company`` in ``progress.json``), so it survives restarts
and course updates; clearing it brings back the sample company.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook.course import ProgressStore
from workbook.errors import InputError, Problem
from workbook.forced_labour.hrdd import header_aliases
from workbook.i18n import spellings, tr
from workbook.safeinput import open_xlsx

DATA_KEY = "company"
FOLDER = "company"
# The kinds of file a participant can bring, and the part of the company each one describes.
ROLE_OF_KIND = {"template": "footprint", "activity_csv": "footprint", "footprint_json": "footprint",
                "supplier_map": "supplier_map"}
SUPPLIER_COLUMNS = {"supplier", "tier", "country"}
ACTIVITY_COLUMNS = {"activity", "quantity", "unit"}
FOOTPRINT_JSON_KEYS = {"scope1", "scope3"}
MAX_SNIFF_BYTES = 64 * 1024


def _problem(path: Path, message: str, fix: str) -> InputError:
    return InputError([Problem(message, file=str(path), fix=fix)], title=tr("Cannot use this file"))


def _header_of_csv(path: Path) -> set[str]:
    raw = path.open("rb").read(MAX_SNIFF_BYTES)
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return set()
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    row = next(csv.reader(io.StringIO(first), delimiter=delimiter), [])
    return {" ".join(c.strip().lower().replace("-", "_").split()).replace(" ", "_") for c in row}


def _supplier_columns(header: set[str]) -> set[str]:
    """The supplier map's column keys a header row holds, in whichever edition it is written."""
    aliases = header_aliases(sorted(header))
    return {aliases.get(h, h) for h in header}


def _sheets_and_header(path: Path) -> tuple[list[str], set[str]]:
    book = open_xlsx(path, sheets="*")  # checked before any sheet is loaded
    names = list(book.sheet_names)
    header: set[str] = set()
    for name in names:
        if name not in book.checks:
            continue
        rows = book.rows(name, nrows=1)
        if rows:
            header = {" ".join(str(c).strip().lower().replace("-", "_").split()).replace(" ", "_")
                      for c in rows[0] if c not in (None, "")}
            if SUPPLIER_COLUMNS <= _supplier_columns(header):
                break
    return names, header


def sniff(path: str | Path) -> str:
    """What kind of company file this is, by its content: ``template``, ``activity_csv``,
    ``footprint_json`` or ``supplier_map``; an InputError says what is expected otherwise."""
    path = Path(path)
    if not path.is_file():
        raise _problem(path, tr("this is not a file") if path.exists() else tr("the file does not exist"),
                       tr("give the path of your filled data template (.xlsx), activity CSV or supplier map"))
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            sheets, header = _sheets_and_header(path)
            if any(name in sheets for name in spellings("Company")):  # the template, in any edition
                return "template"
            if SUPPLIER_COLUMNS <= _supplier_columns(header):
                return "supplier_map"
        elif suffix in (".csv", ".txt"):
            header = _header_of_csv(path)
            if SUPPLIER_COLUMNS <= _supplier_columns(header):
                return "supplier_map"
            if ACTIVITY_COLUMNS <= header:
                return "activity_csv"
        elif suffix == ".json":
            doc = json.loads(path.read_text(encoding="utf-8-sig")[:10_000_000])
            if isinstance(doc, dict) and FOOTPRINT_JSON_KEYS <= set(doc):
                return "footprint_json"
    except InputError:
        raise  # refused by the safe-input layer, with its reason
    except (OSError, ValueError, UnicodeDecodeError) as exc:  # unreadable or not what its name says
        raise _problem(path, tr("the file cannot be read ({problem})", problem=type(exc).__name__),
                       tr("save it again from Excel as .xlsx or .csv")) from None
    except Exception as exc:  # the spreadsheet reader raises its own error types
        raise _problem(path, tr("the spreadsheet cannot be read ({problem})", problem=exc),
                       tr("save it again from Excel as .xlsx")) from None
    raise _problem(path, tr("this is not a data template, activity CSV, footprint JSON or supplier map"),
                   tr("use the climate data template (sheet 'Company'), an activity CSV with the columns "
                      "activity, quantity and unit, or a supplier map with the columns supplier, tier and country"))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class Workspace:
    """The company files of one participant, kept in their own folder."""

    home: Path

    def __post_init__(self) -> None:
        self.home = Path(self.home)
        self.store = ProgressStore(self.home)

    @property
    def folder(self) -> Path:
        return self.home / FOLDER

    def choice(self) -> dict[str, Any]:
        """The stored choice: ``{role: {file, original, kind, sha256, name, chosen_at}}``."""
        value = self.store.get_data(DATA_KEY) or {}
        return value if isinstance(value, dict) else {}

    def file(self, role: str) -> Path | None:
        """The workspace copy for ``footprint`` or ``supplier_map``, if one is chosen and still there."""
        entry = self.choice().get(role)
        if not isinstance(entry, dict) or not entry.get("file"):
            return None
        path = self.folder / Path(str(entry["file"])).name
        return path if path.is_file() else None

    def name(self) -> str | None:
        """The company's name as given in the chosen files (the template's Company sheet first)."""
        for role in ("footprint", "supplier_map"):
            entry = self.choice().get(role)
            if isinstance(entry, dict) and entry.get("name"):
                return str(entry["name"])
        return None

    def use(self, path: str | Path, kind: str | None = None, name: str | None = None,
            original: str | None = None) -> str:
        """Copy a checked file into the workspace and remember it; returns its role.

        ``kind`` is what :func:`sniff` found (the caller checked the file with its reader);
        ``name`` is the company name the file gives, if any.
        """
        path = Path(path)
        kind = kind or sniff(path)
        role = ROLE_OF_KIND[kind]
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{role}{path.suffix.lower()}"
        if path.resolve() != target.resolve():
            for old in self.folder.glob(f"{role}.*"):  # one file per role: the previous choice goes
                old.unlink()
            shutil.copyfile(path, target)
            target.chmod(0o600)
        entry = {"file": target.name, "original": original or str(path), "kind": kind, "sha256": _sha256(target),
                 "name": name, "chosen_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}

        def change(doc: dict[str, Any]) -> None:
            current = doc["data"].get(DATA_KEY)
            doc["data"][DATA_KEY] = {**(current if isinstance(current, dict) else {}), role: entry}

        self.store.update(change)
        return role

    def clear(self, role: str | None = None) -> None:
        """Back to the sample company (for one role, or both); the copies stay in the folder."""
        def change(doc: dict[str, Any]) -> None:
            current = doc["data"].get(DATA_KEY)
            if role and isinstance(current, dict):
                current.pop(role, None)
                doc["data"][DATA_KEY] = current
            else:
                doc["data"].pop(DATA_KEY, None)

        self.store.update(change)

    def show(self) -> dict[str, Any]:
        """The choice as plain data (for ``workbook company show --json``)."""
        out: dict[str, Any] = {"home": str(self.home), "name": self.name(), "sample": True}
        for role in ("footprint", "supplier_map"):
            entry = self.choice().get(role)
            path = self.file(role)
            out[role] = None if path is None else {**entry, "path": str(path)}
            if path is not None:
                out["sample"] = False
        return out
