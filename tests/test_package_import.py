"""The package cannot be shadowed: a folder named ``workbook`` in the working directory of a
kernel (for instance a progress folder ``~/workbook`` with the kernel started in ``~``) must not
be imported instead of the package.

The install puts the repository on ``sys.path`` as a path entry (setuptools' compat editable
mode), so Python's path search finds the real package before it settles for a folder without
``__init__.py``. An import-hook install would lose to that folder (25 of 25 runs in a trial)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from workbook.paths import shadows_package

ROOT = Path(__file__).resolve().parents[1]


def _import_from(cwd: Path, path_entry: str | None) -> list[str]:
    """Import the package in a fresh interpreter started in ``cwd``; the repository is added
    to the end of sys.path the way the install's .pth file adds it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    code = "import sys\n"
    if path_entry:
        code += f"sys.path.append({path_entry!r})\n"
    code += "import workbook\nprint(workbook.__file__)\nprint(callable(getattr(workbook, 'start', None)))\n"
    proc = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


def test_a_workbook_folder_in_the_working_directory_does_not_shadow_the_package(tmp_path):
    (tmp_path / "workbook").mkdir()
    (tmp_path / "workbook" / "progress.json").write_text("{}")
    origin, has_start = _import_from(tmp_path, str(ROOT))
    assert origin.endswith(os.path.join("workbook", "__init__.py")) and Path(origin).parent.parent != tmp_path
    assert has_start == "True"


def test_the_folder_is_what_python_would_import_without_a_path_entry(tmp_path):
    """The hazard is real: with nothing else on the path, the folder itself is imported."""
    (tmp_path / "workbook").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    code = ("import sys, importlib.machinery as m\n"
            "spec = m.PathFinder.find_spec('workbook', [''])\n"
            "print(spec is not None and spec.origin is None)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=60).stdout.strip()
    assert out == "True", "a bare folder named workbook is a namespace package candidate"


def test_every_install_route_uses_the_path_entry_editable_mode():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"pip install .*-e '\.\[test\]' --config-settings editable_mode=compat", makefile)
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e . --config-settings editable_mode=compat" in pip


def test_the_readme_advises_a_workbook_home_that_cannot_shadow_the_package():
    readme = (ROOT / "README.md").read_text()
    advised = re.findall(r"WORKBOOK_HOME=(~/[\w.-]+)", readme)
    assert advised, "the README names a WORKBOOK_HOME for hubs"
    assert not any(shadows_package(a) for a in advised)
    assert "~/workbook`" not in readme and "~/workbook)" not in readme


def test_a_home_named_like_the_package_is_recognised():
    assert shadows_package("participants/ann/workbook") and not shadows_package("participants/ann/workbook-data")
