"""The command line is a contract: the recorded invocations give the same exit status,
output and error text today (see tests/cli_contract/cases.py)."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("cli_cases", Path(__file__).parent / "cli_contract" / "cases.py")
cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cases)


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_cli_invocation_unchanged(name, tmp_path):
    """Each recorded invocation still prints what it printed when it was recorded."""
    expected = json.loads((cases.GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    assert cases.run(name, tmp_path) == expected


def test_at_least_ten_invocations_are_recorded():
    assert len(list(cases.GOLDEN.glob("*.json"))) == len(cases.CASES) >= 10
