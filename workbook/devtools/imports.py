"""The package's own import graph: who imports whom, on which floor, and any cycle.

Every ``import`` of a ``workbook`` module counts, also those inside functions (they run
too, later), so a cycle cannot hide behind a late import. Imports under
``if TYPE_CHECKING:`` never run and do not count.

Run ``python -m workbook.devtools.imports`` to print the floors (ground first); it exits 1
when the graph has a cycle. ``tests/test_architecture.py`` keeps the layout rules with
the same functions.
"""
from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "workbook"
ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Import:
    """One import statement of a package module, resolved to the module it loads."""

    source: str
    target: str
    names: tuple[str, ...]
    line: int
    top_level: bool


def module_files(root: Path = ROOT) -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _walk(node: ast.AST, top: bool):
    """Yield (import node, at module top?) below ``node``, skipping TYPE_CHECKING blocks."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            continue
        if isinstance(child, (ast.Import, ast.ImportFrom)):
            yield child, top
        inner = top and not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        yield from _walk(child, inner)


def _resolve(module: str, known: dict[str, Path], name: str | None = None) -> str | None:
    if name and f"{module}.{name}" in known:
        return f"{module}.{name}"
    return module if module in known else None


def imports_of(name: str, path: Path, known: dict[str, Path]) -> list[Import]:
    """The package-internal imports of one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found = []
    for node, top in _walk(tree, True):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE and (target := _resolve(alias.name, known)):
                    found.append(Import(name, target, (), node.lineno, top))
            continue
        base = node.module or ""
        if node.level:  # relative import
            anchor = name.split(".") if is_package else name.split(".")[:-1]
            anchor = anchor[: len(anchor) - (node.level - 1)]
            base = ".".join(anchor + ([base] if base else []))
        if base.split(".")[0] != PACKAGE:
            continue
        for alias in node.names:
            target = _resolve(base, known, alias.name)
            if target:
                names = () if target == f"{base}.{alias.name}" else (alias.name,)
                found.append(Import(name, target, names, node.lineno, top))
    return found


def all_imports(root: Path = ROOT) -> list[Import]:
    known = module_files(root)
    return [imp for name, path in known.items() for imp in imports_of(name, path, known)]


def graph(imports: list[Import]) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for imp in imports:
        edges.setdefault(imp.source, set())
        edges.setdefault(imp.target, set())
        if imp.source != imp.target:
            edges[imp.source].add(imp.target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(groups)


def floors(edges: dict[str, set[str]]) -> dict[str, int]:
    """Floor of each module: 0 for one that imports no package module, else one above
    the highest module it imports. Only defined for a graph without cycles."""
    memo: dict[str, int] = {}

    def floor(node: str) -> int:
        if node not in memo:
            memo[node] = 0  # guards against cycles; callers check cycles() first
            memo[node] = 1 + max((floor(n) for n in edges[node]), default=-1)
        return memo[node]

    for node in edges:
        floor(node)
    return memo


def private_crossings(imports: list[Import]) -> list[Import]:
    """Imports that take a ``_name`` from another module."""
    return [imp for imp in imports if any(n.startswith("_") and not n.startswith("__") for n in imp.names)]


def late_imports(imports: list[Import]) -> list[Import]:
    """Own modules imported inside functions, outside the CLI command bodies."""
    return [imp for imp in imports if not imp.top_level and not imp.source.endswith(".cli")]


def main(argv: list[str] | None = None) -> int:
    imports = all_imports()
    edges = graph(imports)
    loops = cycles(edges)
    if loops:
        print(f"{len(loops)} import cycle(s):")
        for group in loops:
            print("  " + " <-> ".join(group))
        return 1
    levels = floors(edges)
    for level in range(max(levels.values()) + 1):
        names = sorted(n for n, f in levels.items() if f == level)
        print(f"floor {level}: {', '.join(n.removeprefix(PACKAGE + '.') for n in names)}")
    print(f"{len(edges)} modules, {len(imports)} imports, no cycle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
