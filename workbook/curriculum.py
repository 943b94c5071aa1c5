"""The curriculum map: objectives, where they are taught, and which exercises practise them."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from workbook.errors import ContentError

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

    from workbook.paths import data_dir

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
