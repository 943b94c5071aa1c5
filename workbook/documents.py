"""The YAML document dialect of the data files: top-level keys and sections of items, typed.

A folder's ``schemas.yaml`` (read by :mod:`workbook.schemas`) declares a YAML file's shape under
``document:``. ``top:`` maps each top-level key to a field spec; ``sections:`` maps each
top-level key that holds a list of items to ``{fields, key, id_set, min_items, max_items}``.
Every item is a mapping with exactly the declared fields plus its ``key`` (``id`` unless the
section says otherwise; ``key: null`` for items without one), unique within the section.

A field spec is ``{type, required, allowed, item_type, ref, nonempty, min, max, pattern, unique,
fields, values, id_set, fix}``: types str, int, float (any number), bool, date, list, dict, any; a
field is required unless it says ``required: false``, and a required text, list or mapping must
not be empty unless ``nonempty: false``. ``fields`` declares the keys of a mapping (or of each
mapping in a list); ``values`` the spec of every value of a mapping with free keys. A section's
``id_set`` (or a mapping field's ``id_set``, for its keys) publishes the ids under a name that any
``ref:`` in the same folder may use; ``ref: "file.csv:column"`` takes the values of a CSV column.
A ``ref`` on a mapping applies to its keys, on a list to each element.

Files are read with a loader that remembers the line of every key, so each problem names the
line, the item and the field to fix.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import yaml

from workbook.datafiles import RowProblem
from workbook.errors import ContentError

LINE_KEY = "__line__"  # the line where a mapping starts
LINES_KEY = "__lines__"  # the line of each key of a mapping
_META = (LINE_KEY, LINES_KEY)
TYPES: dict[str, tuple[type, ...] | None] = {
    "str": (str,), "int": (int,), "float": (int, float), "bool": (bool,), "date": (dt.date,),
    "list": (list,), "dict": (dict,), "any": None,
}
_TYPE_NAME = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true/false",
              "date": "a date (YYYY-MM-DD)", "list": "a list", "dict": "a mapping", "any": "a value"}
FIELD_KEYS = ("type", "required", "allowed", "item_type", "ref", "nonempty", "min", "max", "pattern",
              "unique", "fields", "values", "id_set", "fix", "description")
SECTION_KEYS = ("fields", "key", "id_set", "min_items", "max_items", "description")


@dataclass(frozen=True)
class Field:
    """One declared key of a mapping: its type, whether it is required, what it may hold."""

    name: str
    type: str = "str"
    required: bool = True
    allowed: tuple[Any, ...] | None = None
    item_type: str | None = None  # for lists: the type of each element
    ref: str | None = None  # an id set name, or "file.csv:column"
    nonempty: bool = True
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    unique: bool = False  # in a section's items: no two items share the value
    fields: tuple[Field, ...] | None = None  # the keys of a mapping, or of each mapping in a list
    values: Field | None = None  # the spec of every value of a mapping with free keys
    id_set: str | None = None  # publish a mapping's keys under this name
    fix: str | None = None


@dataclass(frozen=True)
class Section:
    """A list of items under one top-level key; each item is identified by its ``key`` field."""

    name: str
    fields: tuple[Field, ...]
    key: str | None = "id"
    id_set: str | None = None
    min_items: int = 1
    max_items: int | None = None


@dataclass(frozen=True)
class Document:
    """The declared shape of one YAML file."""

    top: tuple[Field, ...] = ()
    sections: tuple[Section, ...] = ()

    def refs(self) -> Iterator[str]:
        """Every ``ref`` the document uses (to check them against the folder's id sets)."""
        def walk(fields):
            for f in fields:
                if f.ref:
                    yield f.ref
                yield from walk(f.fields or ())
                if f.values:
                    yield from walk((f.values,))
        yield from walk(self.top)
        for s in self.sections:
            yield from walk(s.fields)

    def id_sets(self) -> Iterator[str]:
        def walk(fields):
            for f in fields:
                if f.id_set:
                    yield f.id_set
                yield from walk(f.fields or ())
        yield from walk(self.top)
        for s in self.sections:
            if s.id_set:
                yield s.id_set
            yield from walk(s.fields)


@dataclass(frozen=True)
class Ref:
    """A value that must be one of the ids of an id set; resolved once every file is read."""

    line: int | None
    where: str | None
    path: str
    ref: str
    value: Any


# ------------------------------------------------------------------ the declaration
def parse_field(name: str, spec: Any, where: str) -> Field:
    spec = dict(spec or {})
    unknown = set(spec) - set(FIELD_KEYS)
    if unknown:
        raise ContentError(where, f"field '{name}': unknown keys {sorted(unknown)}; keys are {', '.join(FIELD_KEYS)}")
    for key in ("type", "item_type"):
        if spec.get(key) is not None and spec[key] not in TYPES:
            raise ContentError(where, f"field '{name}': {key} {spec[key]!r}; types are {', '.join(TYPES)}")
    spec.pop("description", None)
    if "allowed" in spec:
        spec["allowed"] = tuple(spec["allowed"])
    if "fields" in spec:
        spec["fields"] = parse_fields(spec["fields"], f"{where}, field '{name}'")
    if "values" in spec:
        spec["values"] = parse_field(f"{name}.*", spec["values"], where)
    return Field(str(name), **spec)


def parse_fields(fields: Any, where: str) -> tuple[Field, ...]:
    if not isinstance(fields, dict):
        raise ContentError(where, "'fields' must map each field name to its spec")
    return tuple(parse_field(n, s, where) for n, s in fields.items())


def parse_document(decl: Any, where: str) -> Document:
    """A ``document:`` declaration of a schemas.yaml entry; a malformed one is a ContentError."""
    if not isinstance(decl, dict) or set(decl) - {"top", "sections"} or not decl:
        raise ContentError(where, "'document' holds 'top' (top-level keys) and/or 'sections' (lists of items)")
    top = parse_fields(decl.get("top") or {}, where)
    sections = []
    for name, spec in (decl.get("sections") or {}).items():
        spec = dict(spec or {})
        unknown = set(spec) - set(SECTION_KEYS)
        if unknown:
            raise ContentError(where, f"section '{name}': unknown keys {sorted(unknown)}; "
                                      f"keys are {', '.join(SECTION_KEYS)}")
        spec.pop("description", None)
        spec["fields"] = parse_fields(spec.get("fields") or {}, f"{where}, section '{name}'")
        sections.append(Section(str(name), **spec))
    return Document(top, tuple(sections))


# ------------------------------------------------------------------ reading, with lines
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when libyaml is there


class _LineLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """A safe loader that remembers the line of every mapping and of each of its keys."""


def _mapping_with_lines(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=True)
    lines = {}
    for key_node, _ in node.value:
        try:
            lines[loader.construct_object(key_node, deep=True)] = key_node.start_mark.line + 1
        except TypeError:  # an unhashable key; the check reports the mapping itself
            continue
    mapping[LINE_KEY] = node.start_mark.line + 1
    mapping[LINES_KEY] = lines
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_lines)


def read_yaml(path: Path) -> tuple[Any, list[RowProblem]]:
    """A YAML file's data with its lines remembered, or (None, the problem): missing file, bad syntax."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [RowProblem(None, "the file does not exist",
                                 fix=f"restore {path.name} from the course repository")]
    except UnicodeDecodeError:
        return None, [RowProblem(None, "not a text file", fix="save it as UTF-8 text")]
    try:
        return yaml.load(text, Loader=_LineLoader), []  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [RowProblem(mark.line + 1 if mark else None, f"not valid YAML ({getattr(exc, 'problem', exc)})",
                                 fix="check the indentation and the quotes")]


@lru_cache(maxsize=64)
def _read_cached(path: str, mtime: float) -> tuple[Any, tuple[RowProblem, ...]]:
    data, problems = read_yaml(Path(path))
    return data, tuple(problems)


def read_cached(path: Path) -> tuple[Any, list[RowProblem]]:
    """:func:`read_yaml`, kept until the file changes (do not edit the data it returns)."""
    if not path.is_file():
        return read_yaml(path)
    data, problems = _read_cached(str(path), path.stat().st_mtime)
    return data, list(problems)


def strip_lines(value: Any) -> Any:
    """The same data without the remembered line numbers."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k not in _META}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


def line_of(mapping: Any, key: Any = None) -> int | None:
    """The line of ``key`` in a read mapping (or of the mapping itself)."""
    if not isinstance(mapping, dict):
        return None
    if key is not None and key in (mapping.get(LINES_KEY) or {}):
        return mapping[LINES_KEY][key]
    return mapping.get(LINE_KEY)


# ------------------------------------------------------------------ the check
def type_name(t: str) -> str:
    return _TYPE_NAME.get(t, t)


def is_type(value: Any, t: str) -> bool:
    types = TYPES[t]
    if types is None:
        return value is not None
    if isinstance(value, bool) and bool not in types:
        return False
    if t == "date" and isinstance(value, dt.datetime):
        return False
    return isinstance(value, types)


class _Check:
    """One pass over a document: problems, published id sets and the references to resolve."""

    def __init__(self) -> None:
        self.problems: list[RowProblem] = []
        self.ids: dict[str, set[Any]] = {}
        self.refs: list[Ref] = []

    def add(self, line: int | None, where: str | None, message: str, fix: str | None = None) -> None:
        self.problems.append(RowProblem(line, message, fix=fix, where=where))

    def mapping(self, data: dict, fields: tuple[Field, ...], prefix: str, where: str | None,
                implicit: tuple[str, ...] = ()) -> None:
        known = {f.name for f in fields} | set(implicit)
        for name in data:
            if name not in known and name not in _META:
                self.add(line_of(data, name), where,
                         f"unknown field '{prefix}{name}' (known: {', '.join(sorted(known))})")
        for f in fields:
            path = f"{prefix}{f.name}"
            if data.get(f.name) is None:
                if f.required:
                    self.add(line_of(data), where, f"field '{path}' is missing", f.fix)
                continue
            self.value(f, data[f.name], path, where, line_of(data, f.name))

    def value(self, f: Field, value: Any, path: str, where: str | None, line: int | None) -> None:
        if not is_type(value, f.type):
            self.add(line, where, f"field '{path}' must be {type_name(f.type)} (found {strip_lines(value)!r})", f.fix)
            return
        if f.nonempty and f.required and isinstance(value, (str, list, dict)) and not strip_lines(value):
            self.add(line, where, f"field '{path}' is empty", f.fix or "fill it in")
            return
        items = value if isinstance(value, list) else [value]
        if isinstance(value, list):
            for n, v in enumerate(value):
                if f.item_type and not is_type(v, f.item_type):
                    self.add(line, where, f"field '{path}' must hold only {type_name(f.item_type)} "
                                          f"(found {strip_lines(v)!r})", f.fix)
                elif f.fields is not None and isinstance(v, dict):
                    self.mapping(v, f.fields, f"{path}[{n + 1}].", where)
        elif isinstance(value, dict):
            items = [k for k in value if k not in _META]
            if f.fields is not None:
                self.mapping(value, f.fields, f"{path}.", where)
            if f.values is not None:
                for k in items:
                    self.value(f.values, value[k], f"{path}.{k}", where, line_of(value, k))
            if f.id_set:
                self.ids.setdefault(f.id_set, set()).update(items)
        for v in items:
            if isinstance(v, (dict, list)):
                continue
            if f.allowed is not None and v not in f.allowed:
                self.add(line, where, f"field '{path}' is {v!r}; allowed: {', '.join(map(str, f.allowed))}", f.fix)
            if f.pattern and isinstance(v, str) and not re.fullmatch(f.pattern, v):
                self.add(line, where, f"field '{path}': {v!r} does not match the pattern {f.pattern}", f.fix)
            if isinstance(v, (int, float)) and not isinstance(v, bool) and (
                    (f.min is not None and v < f.min) or (f.max is not None and v > f.max)):
                bounds = " and ".join(b for b in ("" if f.min is None else f"at least {f.min:g}",
                                                  "" if f.max is None else f"at most {f.max:g}") if b)
                self.add(line, where, f"field '{path}' is {v!r}, out of range", f.fix or f"use a value {bounds}")
            if f.ref:
                self.refs.append(Ref(line, where, path, f.ref, v))

    def section(self, s: Section, data: dict) -> None:
        items = data.get(s.name)
        line = line_of(data, s.name)
        size = f"at least {s.min_items}" + (f" and at most {s.max_items}" if s.max_items else "")
        if not isinstance(items, list) or len(items) < s.min_items or (s.max_items and len(items) > s.max_items):
            self.add(line, None, f"section '{s.name}' must be a list of {size} item(s)")
            return
        seen: dict[Any, int | None] = {}
        unique: dict[str, dict[Any, str]] = {f.name: {} for f in s.fields if f.unique}
        key_field = next((f for f in s.fields if f.name == s.key), None)
        for n, item in enumerate(items, 1):
            if not isinstance(item, dict):
                self.add(line, None, f"section '{s.name}', entry {n}: must be a mapping" +
                         (f" with an '{s.key}'" if s.key else ""))
                continue
            item_id = item.get(s.key) if s.key else None
            where = f"{s.name} item '{item_id}'" if item_id not in (None, "") else f"{s.name} entry {n}"
            if s.key:
                if item_id is None or (isinstance(item_id, str) and not item_id.strip()):
                    self.add(line_of(item), where, f"'{s.key}' is missing")
                elif key_field is None and not isinstance(item_id, str):
                    self.add(line_of(item, s.key), where, f"'{s.key}' must be text (found {item_id!r})")
                elif item_id in seen:
                    self.add(line_of(item, s.key), where, f"duplicate {s.key} (first on line {seen[item_id]})",
                             "give each item its own id")
                else:
                    seen[item_id] = line_of(item)
            implicit = (s.key,) if s.key and key_field is None else ()
            self.mapping(item, s.fields, "", where, implicit)
            for name, values in unique.items():
                v = item.get(name)
                if v is None or isinstance(v, (dict, list)):
                    continue
                if v in values:
                    self.add(line_of(item, name), where, f"field '{name}' {v!r} is also used by {values[v]}",
                             "give each item its own value")
                else:
                    values[v] = where
        if s.id_set:
            self.ids.setdefault(s.id_set, set()).update(seen)


def check(doc: Document, data: Any) -> tuple[list[RowProblem], dict[str, set[Any]], list[Ref]]:
    """Check a read document against its declaration.

    Returns the problems, the id sets it publishes and the references still to resolve
    against every id set of the folder (see :func:`resolve_refs`).
    """
    c = _Check()
    if not isinstance(data, dict):
        c.add(None, None, "the file must hold a mapping of top-level keys")
        return c.problems, c.ids, c.refs
    c.mapping(data, doc.top, "", None, implicit=tuple(s.name for s in doc.sections))
    for s in doc.sections:
        c.section(s, data)
    return c.problems, c.ids, c.refs


def resolve_refs(refs: list[Ref], known: dict[str, tuple[set[Any], str]]) -> list[RowProblem]:
    """Every reference points at an id that exists; ``known`` maps a ref to (its ids, where they are)."""
    out = []
    for r in refs:
        ids, home = known.get(r.ref, (set(), "?"))
        if r.value not in ids and str(r.value) not in {str(i) for i in ids}:
            name = r.ref.rsplit(":", 1)[1] if ":" in r.ref else r.ref
            out.append(RowProblem(r.line, f"field '{r.path}' refers to unknown {name} id {r.value!r}",
                                  fix=f"use an id from {home}, or add it there", where=r.where))
    return out
