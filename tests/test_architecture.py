"""The package's layout rules (see README, "Layout"): the package mirrors data/, roles sit on
floors and import downward only, a subpackage's ``__init__`` is its public face.

Every rule is checked on the import graph counted with imports inside functions, so a cycle
or a shortcut cannot hide behind a late import.
"""
from __future__ import annotations

import ast
import importlib
import json
import re
from pathlib import Path

import pytest
import yaml

from workbook.devtools import imports as graph

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "workbook"

# Old module paths that notebooks saved by participants still import: one line each,
# re-exporting the new module. Delete after the 2026-27 cohort.
ALIASES = {
    "workbook.glossary": "workbook.course.glossary",
    "workbook.climate.ambition": "workbook.climate.targets.ambition",
    "workbook.climate.charts": "workbook.climate.footprint.charts",
    "workbook.climate.company_file": "workbook.climate.footprint.company_file",
    "workbook.climate.compare": "workbook.climate.footprint.compare",
    "workbook.climate.data": "workbook.climate.footprint.facts",
    "workbook.climate.inventory": "workbook.climate.footprint.inventory",
    "workbook.climate.levers": "workbook.climate.targets.levers",
    "workbook.climate.results": "workbook.climate.footprint.results",
    "workbook.climate.screening": "workbook.climate.footprint.screening",
    "workbook.climate.targets_excel": "workbook.climate.targets.excel",
    "workbook.climate.targets_plan": "workbook.climate.targets.plan",
    "workbook.climate.targets_rules": "workbook.climate.targets.rules",
    "workbook.climate.targets_widgets": "workbook.climate.targets.views",
    "workbook.climate.template": "workbook.climate.footprint.template",
    "workbook.climate.waterfall": "workbook.climate.targets.waterfall",
    "workbook.forced_labour.action_plan": "workbook.forced_labour.hrdd.action_plan",
    "workbook.forced_labour.essentials_views": "workbook.forced_labour.essentials.views",
    "workbook.forced_labour.flr_widgets": "workbook.forced_labour.flr.views",
    "workbook.forced_labour.hrdd_data": "workbook.forced_labour.hrdd.facts",
    "workbook.forced_labour.investigation": "workbook.forced_labour.flr.investigation",
    "workbook.forced_labour.laws": "workbook.forced_labour.flr.laws",
    "workbook.forced_labour.policy": "workbook.forced_labour.hrdd.policy",
    "workbook.forced_labour.risk": "workbook.forced_labour.hrdd.risk",
    "workbook.forced_labour.statement": "workbook.forced_labour.hrdd.statement",
    "workbook.forced_labour.supplier_map": "workbook.forced_labour.hrdd.supplier_map",
}
SUBPACKAGES = ("course", "company", "exercises", "hub", "climate", "climate.footprint", "climate.targets",
               "forced_labour", "forced_labour.essentials", "forced_labour.hrdd", "forced_labour.flr",
               "forced_labour.deep_dives", "devtools")
DATA_MIRROR = {"company": "companies", "climate/footprint": "climate", "climate/targets": "climate/targets",
               "forced_labour/essentials": "forced_labour/essentials", "forced_labour/hrdd": "forced_labour/hrdd",
               "forced_labour/flr": "forced_labour/flr", "forced_labour/deep_dives": "forced_labour/deep_dives",
               "exercises": "exercises"}


@pytest.fixture(scope="module")
def imports() -> list[graph.Import]:
    return [i for i in graph.all_imports() if i.source not in ALIASES]


@pytest.fixture(scope="module")
def modules() -> dict[str, Path]:
    return {m: p for m, p in graph.module_files().items() if m not in ALIASES}


def _subpackage(module: str, packages: set[str]) -> str:
    return module if module in packages else module.rsplit(".", 1)[0]


def test_the_import_graph_has_no_cycle(imports):
    """Counting imports inside functions, no module reaches itself again."""
    assert graph.cycles(graph.graph(imports)) == []


def test_own_modules_are_imported_at_module_top(imports):
    """Only CLI command bodies import package modules late (so ``workbook --help`` stays fast)."""
    late = [f"{i.source}:{i.line} imports {i.target}" for i in graph.late_imports(imports)]
    assert late == []


def test_no_private_name_crosses_a_module(imports, modules):
    """``from x import _name`` and ``module._name`` from another module are both refused."""
    crossings = [f"{i.source}:{i.line} {i.names}" for i in graph.private_crossings(imports)]
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
                   and (n.module or "").startswith("workbook") for a in n.names
                   if f"{n.module}.{a.name}" in modules}
        aliases |= {a.asname for n in ast.walk(tree) if isinstance(n, ast.Import)
                    for a in n.names if a.asname and a.name in modules}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                crossings.append(f"{name}:{node.lineno} {node.value.id}.{node.attr}")
    assert crossings == []


def test_other_subpackages_are_reached_through_their_face(imports, modules):
    """A module imports its own subpackage's modules, ground modules, or another subpackage's
    ``__init__`` (its public face), never another subpackage's inner module."""
    packages = {m for m, p in modules.items() if p.name == "__init__.py"}
    shortcuts = []
    for i in imports:
        source, target = _subpackage(i.source, packages), _subpackage(i.target, packages)
        if source != target and target != "workbook" and i.target != target:
            shortcuts.append(f"{i.source}:{i.line} imports {i.target}")
    assert shortcuts == []


@pytest.mark.parametrize("sub", SUBPACKAGES)
def test_each_subpackage_face_lists_its_public_names(sub):
    module = importlib.import_module(f"workbook.{sub}")
    assert module.__doc__, f"workbook.{sub} needs a docstring that says what it holds"
    if sub in ("forced_labour", "devtools"):
        return  # a folder of subpackages, or maintainers' tools run as scripts
    names = getattr(module, "__all__", None)
    assert names, f"workbook.{sub}.__init__ must list its public names in __all__"
    assert sorted(names) == sorted(set(names))
    missing = [n for n in names if not hasattr(module, n)]
    assert missing == []
    folder = PACKAGE.joinpath(*sub.split("."))
    shadowing = [n for n in names if (folder / f"{n}.py").exists() or (folder / n / "__init__.py").exists()]
    assert shadowing == [], "a public name that is also a submodule's name hides the submodule"


def test_the_package_mirrors_the_data_folders():
    for code, data in DATA_MIRROR.items():
        assert (PACKAGE / code / "__init__.py").is_file(), code
        assert (ROOT / "data" / data).is_dir(), data


def test_a_class_is_defined_in_one_module_only(modules):
    """Two classes of the same name (two ``Problem``, two ``CheckResult``) confuse every reader."""
    where: dict[str, list[str]] = {}
    for name, path in modules.items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                where.setdefault(node.name, []).append(name)
    assert {k: v for k, v in where.items() if len(v) > 1} == {}


def _notebook_imports(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    return _code_imports(code)


def _code_imports(code: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "workbook":
            found += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "workbook"]
    return found


def _faces() -> set[str]:
    return {"workbook"} | {f"workbook.{s}" for s in SUBPACKAGES} | {"workbook.errors", "workbook.paths",
                                                                    "workbook.display"}


@pytest.mark.parametrize("notebook", sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").rglob("*.ipynb")))
def test_notebooks_import_only_public_faces(notebook):
    """Internal moves never break a notebook: it imports a subpackage's face, not its modules."""
    modules = set(graph.module_files())
    inner = [m for m in _notebook_imports(ROOT / notebook) if m in modules and m not in _faces()]
    assert inner == []


def test_exercise_solutions_import_only_public_faces():
    modules = set(graph.module_files())
    bad = []
    for path in sorted((ROOT / "data" / "exercises").glob("*.yaml")):
        for ex in yaml.safe_load(path.read_text(encoding="utf-8")).get("exercises", []):
            for key in ("starter", "solution"):
                code = (ex.get("code") or {}).get(key) or ex.get(key)
                if isinstance(code, str):
                    bad += [f"{ex['id']}: {m}" for m in _code_imports(code) if m in modules and m not in _faces()]
            check = (ex.get("code") or {}).get("check") or ex.get("check")
            if isinstance(check, str) and ":" in check and check.split(":")[0] not in _faces():
                bad.append(f"{ex['id']}: check {check}")
    assert bad == []


@pytest.mark.parametrize("old, new", sorted(ALIASES.items()))
def test_old_module_paths_still_import_for_saved_notebooks(old, new):
    """Each old path is one line that re-exports the new module's public names."""
    path = PACKAGE.parent / (old.replace(".", "/") + ".py")
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert len(lines) <= 2 and all(re.match(r"from workbook[\w.]* import \*", ln) for ln in lines)
    old_module, new_module = importlib.import_module(old), importlib.import_module(new)
    public = [n for n in vars(new_module) if not n.startswith("_")]
    assert all(getattr(old_module, n) is getattr(new_module, n) for n in public)


def test_python_m_workbook_devtools_imports_prints_the_floors(capsys):
    assert graph.main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("floor 0: ") and "no cycle" in out
