"""Shared fixtures: every test gets its own WORKBOOK_HOME, so no test touches real progress."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config):
    """Kernels started outside a test's fixtures (nbval re-running solutions/) get a fresh home
    too: exports of an earlier run never change a re-executed notebook's output."""
    import os
    import tempfile

    os.environ["WORKBOOK_HOME"] = tempfile.mkdtemp(prefix="workbook-test-home-")
    config.pluginmanager.register(FreshHomePerSolution(), "workbook-fresh-home-per-solution")


class FreshHomePerSolution:
    """nbval starts one kernel per solution notebook before its first cell: each gets its own
    home, so a notebook of one edition never finds the other edition's export of the same name.
    (A plugin, not a hook of this conftest: those apply only to items under tests/.)"""

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        import os
        import tempfile

        notebook = item.parent
        if type(notebook).__name__ == "IPyNbFile" and not getattr(notebook, "workbook_home", None):
            notebook.workbook_home = tempfile.mkdtemp(prefix="workbook-test-home-")
            os.environ["WORKBOOK_HOME"] = notebook.workbook_home


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("workbook-home")
    monkeypatch.setenv("WORKBOOK_HOME", str(home))
    return home


@pytest.fixture
def home(_isolated_home) -> Path:
    return _isolated_home

import sys

sys.path.insert(0, str(Path(__file__).resolve().parent))  # helpers such as notebook_runner

# The real-browser fixtures (one Chromium for the whole session), shared by every browser test.
from browser_support import browser, page  # noqa: E402,F401
