"""Declared schemas for the fl1 content files, and a validator that names file, line and item.

Content is YAML written by instructors. A typo (an unknown indicator id, a missing source, a
severity that does not exist) must fail at load time with the place to fix, never show up
as a wrong statement in front of a company.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from workbook.errors import ContentError

LINE_KEY = "__line__"


@dataclass(frozen=True)
class Field:
    """One field of an item: its type, whether it is required, allowed values, references."""

    type: type | tuple[type, ...] = str
    required: bool = True
    allowed: tuple[Any, ...] | None = None
    item_type: type | tuple[type, ...] | None = None  # for lists: the type of each element
    ref: str | None = None  # name of an id set the value (or each element) must belong to
    nonempty: bool = True  # strings and lists must not be empty when required


@dataclass(frozen=True)
class Section:
    """A list of items under one top-level key of a file; every item has a unique ``id``."""

    key: str
    fields: dict[str, Field]
    id_set: str | None = None  # publish the ids under this name for references
    min_items: int = 1


@dataclass(frozen=True)
class FileSchema:
    name: str
    sections: tuple[Section, ...]
    top: dict[str, Field] = field(default_factory=dict)  # top-level scalar keys


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping, for error messages."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def read_yaml(path: Path) -> dict:
    """Read a content file, keeping line numbers; a syntax error names the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(str(path), "the content file is missing") from None
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise ContentError(str(path), f"{where}not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(data, dict):
        raise ContentError(str(path), "the file must hold a mapping of sections")
    return data


def strip_lines(value: Any) -> Any:
    """The same data without the remembered line numbers."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != LINE_KEY}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


def _type_name(t: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", float: "a number", bool: "true/false",
             list: "a list", dict: "a mapping"}
    if isinstance(t, tuple):
        return " or ".join(names.get(x, x.__name__) for x in t)
    return names.get(t, t.__name__)


def _is_type(value: Any, t: type | tuple[type, ...]) -> bool:
    types = t if isinstance(t, tuple) else (t,)
    if isinstance(value, bool) and bool not in types:
        return False
    if float in types and isinstance(value, int) and not isinstance(value, bool):
        return True
    return isinstance(value, types)


def check_sections(schema: FileSchema, data: dict, file: str) -> tuple[list[str], dict[str, set[str]]]:
    """Type-check every item; return the problems and the id sets it publishes.

    References between files are checked afterwards with :func:`check_refs`, once every id
    set is known.
    """
    problems: list[str] = []
    ids: dict[str, set[str]] = {}
    for key, spec in schema.top.items():
        if key not in data:
            if spec.required:
                problems.append(f"top-level key '{key}' is missing")
        elif not _is_type(data[key], spec.type):
            problems.append(f"top-level key '{key}' must be {_type_name(spec.type)}")
    for section in schema.sections:
        items = data.get(section.key)
        if not isinstance(items, list) or len(items) < section.min_items:
            problems.append(f"section '{section.key}' must be a list of at least {section.min_items} item(s)")
            continue
        seen: set[str] = set()
        for n, item in enumerate(items, 1):
            line = item.get(LINE_KEY) if isinstance(item, dict) else None
            if not isinstance(item, dict):
                problems.append(f"section '{section.key}', entry {n}: must be a mapping with an 'id'")
                continue
            item_id = item.get("id")
            where = f"line {line}, " if line else ""
            label = f"{where}{section.key} item '{item_id}'" if item_id else f"{where}{section.key} entry {n}"
            if not isinstance(item_id, str) or not item_id.strip():
                problems.append(f"{label}: 'id' is missing")
            elif item_id in seen:
                problems.append(f"{label}: duplicate id")
            else:
                seen.add(item_id)
            for name in item:
                if name not in section.fields and name not in ("id", LINE_KEY):
                    problems.append(f"{label}: unknown field '{name}' (known: {', '.join(sorted(section.fields))})")
            for name, spec in section.fields.items():
                problems += _check_field(label, name, spec, item)
        if section.id_set:
            ids[section.id_set] = seen
    return problems, ids


def _check_field(label: str, name: str, spec: Field, item: dict) -> list[str]:
    if name not in item or item[name] is None:
        return [f"{label}: field '{name}' is missing"] if spec.required else []
    value = item[name]
    if not _is_type(value, spec.type):
        return [f"{label}: field '{name}' must be {_type_name(spec.type)} (found {value!r})"]
    if spec.nonempty and spec.required and isinstance(value, (str, list)) and not value:
        return [f"{label}: field '{name}' is empty"]
    out = []
    if spec.item_type is not None and isinstance(value, list):
        for v in value:
            if not _is_type(v, spec.item_type):
                out.append(f"{label}: field '{name}' must hold only {_type_name(spec.item_type)} (found {v!r})")
    if spec.allowed is not None:
        values = value if isinstance(value, list) else [value]
        for v in values:
            if v not in spec.allowed:
                out.append(f"{label}: field '{name}' is {v!r}; allowed: {', '.join(map(str, spec.allowed))}")
    return out


def check_refs(schema: FileSchema, data: dict, ids: dict[str, set[str]]) -> list[str]:
    """Every reference field points at an id that exists (in this or another file)."""
    problems = []
    for section in schema.sections:
        for item in data.get(section.key) or []:
            if not isinstance(item, dict):
                continue
            label = f"line {item.get(LINE_KEY)}, {section.key} item '{item.get('id')}'"
            for name, spec in section.fields.items():
                if spec.ref is None or item.get(name) is None:
                    continue
                known = ids.get(spec.ref, set())
                values = item[name] if isinstance(item[name], list) else [item[name]]
                for v in values:
                    if v not in known:
                        problems.append(f"{label}: field '{name}' refers to unknown {spec.ref} id {v!r}")
    return problems


def raise_if(problems: Iterable[str], file: str) -> None:
    problems = list(problems)
    if problems:
        raise ContentError(file, "\n  - " + "\n  - ".join(problems) if len(problems) > 1 else problems[0])
