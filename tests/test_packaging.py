"""The set-up files agree: pyproject.toml and environment.yml list the same packages."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
NOT_PACKAGES = {"python", "pip"}


def _split(requirement: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*)$", requirement)
    assert m, f"cannot read requirement {requirement!r}"
    name = re.sub(r"[-_.]+", "-", m.group(1)).lower()
    spec = ",".join(sorted(p.strip() for p in m.group(2).replace(" ", "").split(",") if p.strip()))
    return name, spec


def pyproject_requirements(path: Path = ROOT / "pyproject.toml") -> dict[str, str]:
    project = tomllib.loads(path.read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        reqs += extra
    return dict(_split(r) for r in reqs)


def environment_requirements(path: Path = ROOT / "environment.yml") -> dict[str, str]:
    env = yaml.safe_load(path.read_text())
    reqs: list[str] = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            reqs += [r for r in dep.get("pip", []) if not r.startswith("-e")]
        else:
            reqs.append(dep)
    out = dict(_split(r) for r in reqs)
    return {k: v for k, v in out.items() if k not in NOT_PACKAGES}


def disagreements(py: dict[str, str], env: dict[str, str]) -> list[str]:
    problems = [f"{n}: in pyproject.toml, missing from environment.yml" for n in sorted(set(py) - set(env))]
    problems += [f"{n}: in environment.yml, missing from pyproject.toml" for n in sorted(set(env) - set(py))]
    problems += [f"{n}: pyproject.toml says {py[n]!r}, environment.yml says {env[n]!r}"
                 for n in sorted(set(py) & set(env)) if py[n] != env[n]]
    return problems


def test_environment_yml_and_pyproject_list_the_same_packages_and_versions():
    assert disagreements(pyproject_requirements(), environment_requirements()) == []


def test_a_disagreement_is_reported_by_name():
    problems = disagreements({"pandas": ">=2.2", "pint": ""}, {"pandas": ">=2.0", "tqdm": ""})
    assert problems == ["pint: in pyproject.toml, missing from environment.yml",
                        "tqdm: in environment.yml, missing from pyproject.toml",
                        "pandas: pyproject.toml says '>=2.2', environment.yml says '>=2.0'"]


def test_environment_yml_installs_the_package_itself_for_binder():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert any(r.split()[:2] == ["-e", "."] for r in pip)


def test_python_version_floor_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert project["requires-python"] == ">=3.11"
    assert "python>=3.11" in env["dependencies"]


def test_the_licence_is_an_spdx_string_and_the_version_comes_from_the_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"
    assert project["dynamic"] == ["version"]


def test_the_package_builds_as_a_pure_python_wheel_without_warnings(tmp_path):
    """A copy of the sources builds one ``py3-none-any`` wheel, and setuptools has nothing to warn about."""
    import shutil
    import subprocess
    import sys
    import zipfile

    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "workbook", src / "workbook", ignore=shutil.ignore_patterns("__pycache__"))
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation",
                          "-w", str(tmp_path / "dist")], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "deprecated" not in (out.stdout + out.stderr).lower()
    wheels = list((tmp_path / "dist").glob("*.whl"))
    assert [w.name for w in wheels] == ["workbook-0.1.0-py3-none-any.whl"]
    names = zipfile.ZipFile(wheels[0]).namelist()
    assert "workbook/climate/footprint/views.py" in names and not any(n.endswith((".so", ".pyd")) for n in names)
