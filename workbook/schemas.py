"""Every file under ``data/`` is declared in its folder's ``schemas.yaml`` and checked against it.

A file belongs to the nearest folder above it that holds a ``schemas.yaml``; the entry is keyed
by the file's path relative to that folder, or by a glob (``scenarios/*.yaml``: ``*`` stays
within one folder) for a folder of files of one kind. Each entry has a ``description`` and
exactly one of

- ``columns:`` a CSV file (:mod:`workbook.datafiles`); it declares a required ``source`` column
  unless the entry gives ``no_source:`` with the reason;
- ``document:`` a YAML file (:mod:`workbook.documents`): top-level keys and sections of items,
  id sets and references across the folder's files;
- ``checked_by: "module:function"`` a file with a dedicated parser (the function is called with
  the file's path and raises a ContentError or InputError when the file is wrong).

Optional ``rules:`` state in words what spans columns or items, and ``rules_checked_by:
"module:function"`` names the function that checks them: it gets the read table (CSV) or the
document (with its lines) and returns :class:`~workbook.datafiles.RowProblem` s. A folder may
declare its own column keys under ``_column_keys:`` (``{key: {description, checked_by, fix}}``;
``checked_by`` gets a cell's value and returns what is wrong, or None). Other top-level keys
starting with ``_`` hold shared YAML anchors. README.md files are not data.
"""
from __future__ import annotations

import fnmatch
import importlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import yaml

from workbook.datafiles import (
    Column,
    RowProblem,
    Table,
    column_values,
    parse_columns,
    raise_problems,
    read_table,
)
from workbook.documents import (
    Document,
    check,
    parse_document,
    read_cached,
    resolve_refs,
    strip_lines,
)
from workbook.errors import ContentError, WorkbookError
from workbook.i18n import localize
from workbook.paths import data_dir

SCHEMAS_FILE = "schemas.yaml"
NOT_DATA = (SCHEMAS_FILE, "README.md")
KINDS = ("columns", "document", "checked_by")
ENTRY_KEYS = ("description", *KINDS, "no_source", "rules", "rules_checked_by", "translate")


@dataclass(frozen=True)
class ColumnKey:
    """A column key a folder adds to the CSV dialect (e.g. the climate ``unit``)."""

    name: str
    description: str
    checked_by: str | None = None
    fix: str | None = None


@dataclass(frozen=True)
class Entry:
    """One declared file (or glob of files) of a folder's schemas.yaml."""

    key: str
    folder: Path
    description: str
    columns: tuple[Column, ...] | None = None
    document: Document | None = None
    checked_by: str | None = None
    rules: tuple[str, ...] = ()
    rules_checked_by: str | None = None
    no_source: str | None = None
    translate: tuple[str, ...] = ()  # the fields whose wording is translated (workbook.i18n)
    column_keys: dict[str, ColumnKey] = field(default_factory=dict, compare=False, hash=False)

    @property
    def kind(self) -> str:
        return next(k for k in KINDS if getattr(self, k) is not None)

    @property
    def is_glob(self) -> bool:
        return any(c in self.key for c in "*?[")

    def matches(self, rel: str) -> bool:
        if not self.is_glob:
            return rel == self.key
        parts, pattern = rel.split("/"), self.key.split("/")
        return len(parts) == len(pattern) and all(fnmatch.fnmatchcase(p, q) for p, q in zip(parts, pattern))

    def files(self) -> list[Path]:
        """The files this entry declares (for a glob, those that exist)."""
        if not self.is_glob:
            return [self.folder / self.key]
        return sorted(p for p in self.folder.glob(self.key) if p.is_file() and p.name not in NOT_DATA)


@dataclass(frozen=True)
class Schemas:
    """A folder's declarations."""

    folder: Path
    entries: dict[str, Entry]

    def entry(self, rel: str) -> Entry | None:
        """The entry for a path relative to the folder: its own key first, then a glob."""
        if rel in self.entries:
            return self.entries[rel]
        return next((e for e in self.entries.values() if e.is_glob and e.matches(rel)), None)


# ------------------------------------------------------------------ reading schemas.yaml
def function(ref: str, where: str) -> Callable:
    """The function a ``"module:function"`` names (a ContentError when it does not exist)."""
    module, _, name = ref.partition(":")
    try:
        fn = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise ContentError(where, f"{ref!r} does not name a function ({exc})") from None
    if not callable(fn):
        raise ContentError(where, f"{ref!r} is not a function")
    return fn


def _function_ref(value: Any, where: str) -> str:
    if not isinstance(value, str) or value.count(":") != 1 or not all(value.split(":")):
        raise ContentError(where, f"must read 'module:function', found {value!r}")
    return value


def _column_keys(raw: Any, where: str) -> dict[str, ColumnKey]:
    out = {}
    for name, spec in (raw or {}).items():
        known = {"description", "checked_by", "fix"}
        if not isinstance(spec, dict) or not spec.get("description") or set(spec) - known:
            raise ContentError(where, f"_column_keys.{name}: needs a description, and may name checked_by and fix")
        ref = _function_ref(spec["checked_by"], f"{where}, _column_keys.{name}") if spec.get("checked_by") else None
        out[str(name)] = ColumnKey(str(name), spec["description"], ref, spec.get("fix"))
    return out


def parse_entry(key: str, decl: Any, folder: Path, column_keys: dict[str, ColumnKey], where: str) -> Entry:
    """One entry of a schemas.yaml; a malformed one is a ContentError naming the entry."""
    where = f"{where}, {key}"
    if not isinstance(decl, dict):
        raise ContentError(where, "must be a mapping with a description and one of columns, document, checked_by")
    unknown = set(decl) - set(ENTRY_KEYS)
    kinds = [k for k in KINDS if k in decl]
    if unknown or len(kinds) != 1 or not isinstance(decl.get("description"), str) or not decl["description"].strip():
        raise ContentError(where, f"needs a description and exactly one of {', '.join(KINDS)}"
                                  + (f"; unknown keys {sorted(unknown)}" if unknown else "")
                                  + f"; keys are {', '.join(ENTRY_KEYS)}")
    rules = decl.get("rules") or ()
    if bool(rules) != bool(decl.get("rules_checked_by")) or not isinstance(rules, (list, tuple)):
        raise ContentError(where, "'rules' (a list, in words) and 'rules_checked_by' go together")
    kw: dict[str, Any] = {"rules": tuple(str(r) for r in rules), "column_keys": column_keys,
                          "rules_checked_by": decl.get("rules_checked_by") and
                          _function_ref(decl["rules_checked_by"], where)}
    if "columns" in decl:
        cols = parse_columns(decl["columns"], where, tuple(column_keys))
        source = next((c for c in cols if c.name == "source"), None)
        if (source is None or not source.required) and not decl.get("no_source"):
            raise ContentError(where, "every CSV declares a required 'source' column, or says why not in 'no_source'")
        kw.update(columns=cols, no_source=decl.get("no_source"))
    elif "document" in decl:
        kw["document"] = parse_document(decl["document"], where)
    else:
        kw["checked_by"] = _function_ref(decl["checked_by"], where)
    kw["translate"] = _translate_paths(decl.get("translate"), kw.get("columns"), where)
    return Entry(str(key), folder, decl["description"].strip(), **kw)


def _translate_paths(raw: Any, columns: tuple[Column, ...] | None, where: str) -> tuple[str, ...]:
    """``translate:``: text columns of a CSV, or field paths (``items.*.text``) of a YAML file."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(p, str) and p.strip() for p in raw):
        raise ContentError(where, "'translate' lists the fields whose wording is translated "
                                  "(CSV: column names; YAML: paths such as 'items.*.text')")
    if columns is not None:
        text_columns = {c.name for c in columns if c.type in ("str", "list")}
        wrong = [p for p in raw if p not in text_columns]
        if wrong:
            raise ContentError(where, f"'translate' names {wrong}, which are no text columns of the file")
    return tuple(raw)


@lru_cache(maxsize=32)
def _load(path: str, mtime: float) -> Schemas:
    file = Path(path)
    where = label(file)
    try:
        raw = yaml.load(file.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except yaml.YAMLError as exc:
        raise ContentError(where, f"not valid YAML ({exc})") from None
    if not isinstance(raw, dict):
        raise ContentError(where, "must map each file name to its declaration")
    column_keys = _column_keys(raw.get("_column_keys"), where)
    entries = {str(k): parse_entry(str(k), v, file.parent, column_keys, where)
               for k, v in raw.items() if not str(k).startswith("_")}
    schemas = Schemas(file.parent, entries)
    published = {s: e.key for e in entries.values() if e.document for s in e.document.id_sets()}
    for e in entries.values():
        for ref in (e.document.refs() if e.document else ()):
            if ":" not in ref and ref not in published:
                raise ContentError(where, f"{e.key}: ref {ref!r} is no id set of this folder "
                                          f"(known: {', '.join(sorted(published)) or 'none'})")
    return schemas


def load(folder: Path) -> Schemas:
    """The declarations of a folder's schemas.yaml (cached until the file changes)."""
    path = Path(folder) / SCHEMAS_FILE
    if not path.is_file():
        raise ContentError(label(path), "the folder has no schemas.yaml")
    return _load(str(path), path.stat().st_mtime)


def home(path: str | Path) -> Path:
    """The nearest folder above ``path`` that holds a schemas.yaml."""
    path = Path(path).absolute()
    for folder in path.parents:
        if (folder / SCHEMAS_FILE).is_file():
            return folder
    raise ContentError(str(path), "no schemas.yaml in this folder or above it; declare the file in one")


def label(path: str | Path) -> str:
    """How messages name a file: its path under the data folder, else its path under its schemas folder."""
    path = Path(path).absolute()
    for root in (data_dir().absolute(), data_dir().resolve()):
        if path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    try:
        return path.relative_to(home(path)).as_posix()
    except ContentError:
        return path.name


def entry_for(path: str | Path) -> Entry:
    """The declaration of one file; a ContentError when no schemas.yaml declares it."""
    path = Path(path).absolute()
    folder = home(path)
    rel = path.relative_to(folder).as_posix()
    entry = load(folder).entry(rel)
    if entry is None:
        raise ContentError(label(path), f"not declared in {label(folder / SCHEMAS_FILE)}; add an entry "
                                        "with its description and columns, document or checked_by")
    return entry


# ------------------------------------------------------------------ checking
def _column_key_problems(entry: Entry, table: Table) -> list[RowProblem]:
    out = []
    for col in entry.columns or ():
        for key, setting in col.extra.items():
            spec = entry.column_keys[key]
            if not setting or not spec.checked_by:
                continue
            fn = function(spec.checked_by, f"{label(entry.folder / SCHEMAS_FILE)}, _column_keys.{key}")
            for line, row in zip(table.lines, table.rows):
                if row[col.name] not in (None, []) and (problem := fn(row[col.name])):
                    out.append(RowProblem(line, problem, col.name, spec.fix))
    return out


def _rule_problems(entry: Entry, content: Any) -> list[RowProblem]:
    if not entry.rules_checked_by:
        return []
    fn = function(entry.rules_checked_by, f"{label(entry.folder / SCHEMAS_FILE)}, {entry.key}")
    return list(fn(content))


def read_checked_table(path: Path, entry: Entry) -> Table:
    """A CSV read and checked: its columns, the folder's column keys, then its rules."""
    table = read_table(path, entry.columns or (), label(path), base=entry.folder)
    problems = table.problems + _column_key_problems(entry, table)
    if not any(p.line == 1 for p in table.problems):
        problems += _rule_problems(entry, table)
    table.problems = sorted(problems, key=lambda p: p.line or 0)
    return table


def _publishers(schemas: Schemas) -> list[tuple[Entry, Path]]:
    return [(e, path) for e in schemas.entries.values() if e.document and any(True for _ in e.document.id_sets())
            for path in e.files()]


@lru_cache(maxsize=16)
def _id_sets_cached(folder: str, stamp: tuple) -> dict[str, tuple[frozenset, str]]:
    known: dict[str, tuple[frozenset, str]] = {}
    for e, path in _publishers(load(Path(folder))):
        data, _ = read_cached(path)
        if data is None:
            continue
        _, ids, _ = check(e.document, data)
        for name, values in ids.items():
            have, where = known.get(name, (frozenset(), ""))
            known[name] = (have | values, ", ".join(w for w in (where, path.name) if w))
    return known


def _id_sets(schemas: Schemas) -> dict[str, tuple[frozenset, str]]:
    """Every id set the folder's documents publish, with the file that holds it (cached until a file changes)."""
    stamp = tuple((str(p), p.stat().st_mtime if p.is_file() else None) for _, p in _publishers(schemas))
    stamp += ((SCHEMAS_FILE, (schemas.folder / SCHEMAS_FILE).stat().st_mtime),)
    return dict(_id_sets_cached(str(schemas.folder), stamp))


def _csv_refs(entry: Entry, refs: list) -> dict[str, tuple[set[Any], str]]:
    out = {}
    for ref in {r.ref for r in refs if ":" in r.ref}:
        file, column = ref.rsplit(":", 1)
        out[ref] = (set(column_values(entry.folder / file, column)), f"{file} column '{column}'")
    return out


def document_problems(path: Path, entry: Entry, data: Any = None) -> list[RowProblem]:
    """Every problem of a YAML document (read from ``path`` unless ``data`` is given)."""
    if data is None:
        data, problems = read_cached(path)
        if problems:
            return problems
    problems, own, refs = check(entry.document, data)
    known = _id_sets(load(entry.folder)) if any(":" not in r.ref for r in refs) else {}
    for name, ids in own.items():  # the file's own ids as given (also when it is checked ``like`` another)
        have, where = known.get(name, (set(), path.name))
        known[name] = (have | ids, where)
    problems += resolve_refs(refs, {**known, **_csv_refs(entry, refs)})
    if not problems:
        problems += _rule_problems(entry, data)
    return sorted(problems, key=lambda p: p.line or 0)


def _dedicated_problems(path: Path, entry: Entry) -> list[RowProblem]:
    fn = function(entry.checked_by, f"{label(entry.folder / SCHEMAS_FILE)}, {entry.key}")
    try:
        fn(path)
    except ContentError as exc:
        return [RowProblem(None, (f"exercise '{exc.exercise_id}': " if exc.exercise_id else "") + exc.problem)]
    except WorkbookError as exc:  # an InputError lists its problems with their row and column
        return [RowProblem(None, str(exc))]
    return []


def problems(path: str | Path, like: str | Path | None = None) -> list[RowProblem]:
    """Every problem of one data file, checked as its folder's schemas.yaml declares it.

    ``like`` checks a copy (say, an edited file elsewhere) as the course file ``like`` is declared.
    """
    path = Path(path).absolute()
    entry = entry_for(like or path)
    if not path.is_file():
        return [RowProblem(None, "the file does not exist", fix=f"restore {path.name} from the course repository")]
    if entry.columns is not None:
        return read_checked_table(path, entry).problems
    if entry.document is not None:
        return document_problems(path, entry)
    return _dedicated_problems(path, entry)


def check_file(path: str | Path, like: str | Path | None = None) -> None:
    """Raise one ContentError naming the file and listing every problem of it, if any."""
    raise_problems(label(path), problems(path, like))


def read_csv(path: str | Path, like: str | Path | None = None) -> list[dict[str, Any]]:
    """The typed rows of a declared CSV; a ContentError naming file, line, column and fix if any is bad."""
    path = Path(path).absolute()
    entry = entry_for(like or path)
    if entry.columns is None:
        raise ContentError(label(path), f"declared as {entry.kind}, not columns")
    table = read_checked_table(path, entry)
    raise_problems(table.label, table.problems)
    return localize(table.rows, [f"*.{c}" for c in entry.translate])


def read_document(path: str | Path, like: str | Path | None = None) -> Any:
    """The data of a declared YAML document, after every check passed (without line numbers)."""
    path = Path(path).absolute()
    entry = entry_for(like or path)
    if entry.document is None:
        raise ContentError(label(path), f"declared as {entry.kind}, not document")
    data, problems = read_cached(path)
    raise_problems(label(path), problems or document_problems(path, entry, data))
    return localize(strip_lines(data), entry.translate)


# ------------------------------------------------------------------ the whole data folder
def data_files(root: Path | None = None) -> list[Path]:
    """Every file under the data folder that is data (not a schemas.yaml, README.md or hidden file)."""
    root = Path(root or data_dir())
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name not in NOT_DATA
                  and not any(part.startswith(".") for part in p.relative_to(root).parts))


def undeclared(root: Path | None = None) -> list[str]:
    """Files under the data folder that no schemas.yaml declares (each should be)."""
    out = []
    for path in data_files(root):
        try:
            entry_for(path)
        except ContentError:
            out.append(path.relative_to(Path(root or data_dir())).as_posix())
    return out


def declared(root: Path | None = None) -> list[Path]:
    """Every file the schemas.yaml files under the data folder declare (globs expanded)."""
    root = Path(root or data_dir())
    out: set[Path] = set()
    for schemas_file in root.rglob(SCHEMAS_FILE):
        for entry in load(schemas_file.parent).entries.values():
            out.update(entry.files())
    return sorted(out)
