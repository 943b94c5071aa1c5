"""The solution builder: execute every course notebook in solution mode into ``solutions/``.

A readable pipeline of small steps (after nbgrader's preprocessors):

1. ``insert_solutions``: code-exercise cells get their reference solution;
2. ``execute``: papermill runs the notebook in a fresh kernel, with a per-cell timeout;
3. ``normalise``: drop what varies between runs (timings, widget state, random ids);
4. ``serialise``: stable JSON, so building twice gives byte-identical files.
"""
from __future__ import annotations

import copy
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from workbook.course.progress import atomic_write_text
from workbook.course.translations import EDITIONS, missing, write_editions
from workbook.errors import InputError, WorkbookError
from workbook.exercises import load_bank
from workbook.language import MARKER
from workbook.outputs import output_path
from workbook.paths import notebooks_dir, solutions_dir

EXERCISE_TAG = "exercise"
PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
CELL_TIMEOUT = 180  # seconds per cell; a notebook that hangs fails instead of stalling CI
VOLATILE_MIMETYPES = ("application/vnd.jupyter.widget-view+json",)
KERNEL_ENV = {"PYTHONHASHSEED": "0", "MPLBACKEND": "module://matplotlib_inline.backend_inline",
              "TZ": "UTC", "SOURCE_DATE_EPOCH": "0"}


class BuildError(WorkbookError):
    """A notebook failed to execute; the message names the notebook and the cell."""


@dataclass(frozen=True)
class Outcome:
    notebook: Path  # relative to notebooks/
    status: str  # "written", "unchanged", "stale", "missing", "failed"
    message: str = ""


def course_notebooks(root: Path | None = None) -> list[Path]:
    """Every course notebook, relative to ``notebooks/``, in course order."""

    root = root or notebooks_dir()
    return sorted(p.relative_to(root) for p in root.rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts)


# ---------------------------------------------------------------------- step 1
def insert_solutions(nb, bank: dict[str, Any]):
    """Replace each code-exercise cell (tagged ``exercise``) by its reference solution."""
    nb = copy.deepcopy(nb)
    for n, cell in enumerate(nb.cells, 1):
        if cell.cell_type != "code" or EXERCISE_TAG not in cell.metadata.get("tags", []):
            continue
        ex_id = (cell.metadata.get("workbook") or {}).get("exercise")
        if not ex_id:
            raise BuildError(f"cell {n} is tagged '{EXERCISE_TAG}' but has no "
                             "metadata workbook.exercise naming its exercise id")
        if ex_id not in bank or bank[ex_id].kind != "code":
            raise BuildError(f"cell {n} names exercise '{ex_id}', which is not a code exercise "
                             "in data/exercises")
        ex = bank[ex_id]
        cell.source = f"{ex.spec['solution'].rstrip()}\n\ncourse.check({ex_id!r}, {ex.spec['variable']})"
    return nb


# ---------------------------------------------------------------------- step 2
@contextmanager
def kernel_environment(home: Path) -> Iterator[None]:
    """The kernel inherits this process's environment: pin what makes outputs vary."""
    saved = dict(os.environ)
    os.environ.update(KERNEL_ENV)
    os.environ["WORKBOOK_HOME"] = str(home)
    os.environ.pop("WORKBOOK_LANG", None)  # an edition's language comes from its folder
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def execute(nb, cwd: Path, parameters: dict[str, Any], timeout: int = CELL_TIMEOUT):
    """Run a notebook with papermill in a fresh kernel; raise BuildError naming the cell."""
    import papermill as pm

    try:
        return pm.execute_notebook(
            nb, None, parameters=parameters, cwd=str(cwd), kernel_name="python3",
            progress_bar=False, log_output=False, execution_timeout=timeout, request_save_on_cell_execute=False)
    except pm.PapermillExecutionError as exc:
        raise BuildError(f"cell {exc.exec_count} raised {exc.ename}: {exc.evalue}") from None
    except Exception as exc:  # kernel died, timeout, missing parameters cell
        raise BuildError(f"{type(exc).__name__}: {exc}") from None


# ---------------------------------------------------------------------- step 3
def normalise(nb):
    """Remove what varies between two runs of the same notebook."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    for n, cell in enumerate(nb.cells):
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if INJECTED_TAG in cell.metadata.get("tags", []):
            cell.id = INJECTED_TAG
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            data = out.get("data")
            if data:
                for mime in VOLATILE_MIMETYPES:
                    data.pop(mime, None)
            out.get("metadata", {}).pop("papermill", None)
    return nb


# ---------------------------------------------------------------------- step 4
def serialise(nb) -> bytes:
    import nbformat

    return (nbformat.writes(nb) + "\n").encode("utf-8")


def run_notebook(rel: Path, bank: dict[str, Any], home: Path, solution_mode: bool = True,
                 timeout: int = CELL_TIMEOUT, notebooks_root: Path | None = None,
                 parameters: dict[str, Any] | None = None):
    """Execute one course notebook (solutions inserted in solution mode); return it executed.

    ``parameters`` sets other notebook parameters, e.g. ``company_file`` and ``supplier_map``."""
    import nbformat

    root = notebooks_root or notebooks_dir()
    src = root / rel
    nb = nbformat.read(src, as_version=4)
    if not any(PARAMETERS_TAG in c.metadata.get("tags", []) for c in nb.cells):
        raise BuildError(f"no cell is tagged '{PARAMETERS_TAG}' (the first code cell must be)")
    if solution_mode:
        nb = insert_solutions(nb, bank)
    with kernel_environment(home):
        return execute(nb, src.parent, {**(parameters or {}), "solution_mode": solution_mode}, timeout)


def build_one(rel: Path, bank: dict[str, Any], home: Path, solution_mode: bool = True,
              timeout: int = CELL_TIMEOUT, notebooks_root: Path | None = None) -> bytes:
    """The solution notebook for ``rel`` as bytes (not yet written)."""
    return serialise(normalise(run_notebook(rel, bank, home, solution_mode, timeout, notebooks_root)))


def _build_target(rel: Path, check: bool, out_dir: Path, home: Path, timeout: int,
                  notebooks_root: Path | None) -> Outcome:
    """Build one notebook and write (or compare) its solution; runs in a worker process."""

    dest = out_dir / rel
    try:  # solutions/ is the builder's own folder: its files are rewritten, nothing outside it
        output_path(dest, force=True, within=out_dir, title="Cannot write the solution", what="solution")
    except InputError as exc:
        return Outcome(rel, "failed", str(exc.problems[0]))
    try:
        data = build_one(rel, load_bank(), home, timeout=timeout, notebooks_root=notebooks_root)
    except BuildError as exc:
        return Outcome(rel, "failed", str(exc))
    old = dest.read_bytes() if dest.exists() else None
    if old == data:
        return Outcome(rel, "unchanged")
    if check:
        return Outcome(rel, "missing" if old is None else "stale")
    atomic_write_text(dest, data.decode("utf-8"), mode=0o644)  # course files, not private
    return Outcome(rel, "written")


def build(notebooks: list[Path] | None = None, check: bool = False, jobs: int = 1,
          progress: bool = True, out_dir: Path | None = None, timeout: int = CELL_TIMEOUT,
          notebooks_root: Path | None = None) -> list[Outcome]:
    """Build (or with ``check``, compare) the solution notebooks; one outcome per notebook.

    With ``jobs`` > 1 notebooks run in separate processes: papermill changes the working
    directory of the whole process, so threads would race.
    """
    from tqdm.auto import tqdm

    out_dir = Path(out_dir or solutions_dir())
    load_bank()  # content errors surface here, once, before any kernel starts
    editions: list[Outcome] = []
    if notebooks is None and notebooks_root is None:  # the whole course: its editions first
        gaps = [text for lang in EDITIONS for text in missing(lang)]
        if gaps:
            raise BuildError(f"{len(gaps)} text(s) have no translation, first: "
                             + "; ".join(f"{g.place}: {g.msgid[:50]!r}" for g in gaps[:5])
                             + ". Run `workbook translations update` and translate them in data/i18n/")
        editions = [Outcome(rel, status) for rel, status in write_editions(check=check)]
    targets = notebooks or course_notebooks(notebooks_root)

    with tempfile.TemporaryDirectory(prefix="workbook-build-") as tmp:
        # A fresh home per notebook: what one notebook exports never changes another's outputs.
        args = [(rel, check, out_dir, Path(tmp) / f"home-{n}", timeout, notebooks_root)
                for n, rel in enumerate(targets)]
        bar = tqdm(total=len(targets), desc="check" if check else "build", unit="notebook",
                   disable=not progress)
        outcomes: list[Outcome] = []
        if jobs > 1 and len(targets) > 1:
            import multiprocessing

            ctx = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
                results = pool.map(_build_target, *zip(*args))
                for outcome in results:
                    bar.set_postfix_str(str(outcome.notebook))
                    bar.update()
                    outcomes.append(outcome)
        else:
            for a in args:
                outcome = _build_target(*a)
                bar.set_postfix_str(str(outcome.notebook))
                bar.update()
                outcomes.append(outcome)
        bar.close()
    for lang in EDITIONS if notebooks is None and notebooks_root is None else ():
        marker = out_dir / lang / MARKER  # a solution of an edition runs in its language too (nbval)
        if not check and (out_dir / lang).is_dir() and not marker.is_file():
            marker.write_text(lang + "\n", encoding="utf-8")
    if notebooks is None:  # a solution without a source notebook is stale too
        sources = set(targets)
        for p in sorted(out_dir.rglob("*.ipynb")) if out_dir.exists() else []:
            rel = p.relative_to(out_dir)
            if rel not in sources and ".ipynb_checkpoints" not in rel.parts:
                if check:
                    outcomes.append(Outcome(rel, "orphan", "no source notebook in notebooks/"))
                else:
                    p.unlink()
                    outcomes.append(Outcome(rel, "removed", "its source notebook is gone"))
    return editions + outcomes
