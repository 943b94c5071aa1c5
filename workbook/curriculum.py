"""The curriculum map: objectives, where they are taught, and which exercises practise them."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from workbook.errors import ContentError
from workbook.paths import data_dir

STATUSES = ("planned", "ready")


@dataclass(frozen=True)
class Objective:
    id: str
    module: str
    title: str
    notebook: str
    section: str | None
    exercises: tuple[str, ...]
    status: str


@dataclass(frozen=True)
class Curriculum:
    modules: dict[str, str]  # id -> title
    objectives: dict[str, Objective] = field(default_factory=dict)

    def by_module(self) -> dict[str, list[Objective]]:
        out: dict[str, list[Objective]] = {m: [] for m in self.modules}
        for o in self.objectives.values():
            out.setdefault(o.module, []).append(o)
        return out


def load_curriculum(path: Path | None = None) -> Curriculum:
    """Read ``data/curriculum.yaml``; structural problems raise ContentError."""
    import yaml

    path = Path(path or data_dir() / "curriculum.yaml")
    name = path.name
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(name, f"cannot be read: {exc}") from None
    modules = {m["id"]: m.get("title", m["id"]) for m in doc.get("modules", [])}
    objectives = {}
    for oid, o in (doc.get("objectives") or {}).items():
        if not isinstance(o, dict):
            raise ContentError(name, f"objective {oid}: must be a mapping")
        status = o.get("status", "planned")
        if status not in STATUSES:
            raise ContentError(name, f"objective {oid}: status must be planned or ready, found {status!r}")
        if o.get("module") not in modules:
            raise ContentError(name, f"objective {oid}: unknown module {o.get('module')!r}")
        objectives[str(oid)] = Objective(
            id=str(oid), module=o["module"], title=str(o.get("title", "")),
            notebook=str(o.get("notebook", "")), section=o.get("section") or None,
            exercises=tuple(o.get("exercises") or ()), status=status)
    return Curriculum(modules=modules, objectives=objectives)


def notebook_headings(notebook: Path) -> set[str]:
    """The text of every Markdown heading in a notebook."""
    import re

    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    return {m.group(1).strip() for c in nb.cells if c.cell_type == "markdown"
            for m in re.finditer(r"^#{1,6}\s+(.+)$", c.source, flags=re.M)}


def problems(curriculum: Curriculum, bank: dict, root: Path) -> list[str]:
    """Everything that makes the map untrue: for instructors, and checked by the tests."""
    found = []
    for ex in bank.values():
        if ex.objective not in curriculum.objectives:
            found.append(f"exercise {ex.id} ({ex.source_file}) names unknown objective {ex.objective!r}")
    listed = set()
    for o in curriculum.objectives.values():
        listed.update(o.exercises)
        for ex_id in o.exercises:
            if ex_id not in bank:
                found.append(f"{o.id}: exercise {ex_id!r} is not in data/exercises")
            elif bank[ex_id].objective != o.id:
                found.append(f"{o.id}: exercise {ex_id!r} practises {bank[ex_id].objective}, not {o.id}")
        if o.status != "ready":
            continue
        if not o.section:
            found.append(f"{o.id} is ready but has no section")
        if not o.exercises:
            found.append(f"{o.id} is ready but has no exercises")
        nb = root / o.notebook
        if not nb.exists():
            found.append(f"{o.id}: notebook {o.notebook} does not exist")
            continue
        if o.section and o.section not in notebook_headings(nb):
            found.append(f"{o.id}: section {o.section!r} is not a heading of {o.notebook}")
        source = "\n".join(c.get("source", "") for c in __import__("nbformat").read(nb, as_version=4).cells)
        for ex_id in o.exercises:
            if f'"{ex_id}"' not in source and f"'{ex_id}'" not in source:
                found.append(f"{o.id}: exercise {ex_id!r} is not shown in {o.notebook}")
    for ex_id in sorted(set(bank) - listed):
        found.append(f"exercise {ex_id} is not listed under its objective {bank[ex_id].objective}")
    return found
