"""deploy/z2jh/values.yaml is valid for the Zero to JupyterHub chart it names: merged over the
chart's defaults the way Helm merges them, it passes the chart's own values.schema.json; and it
says what the course needs for a cohort of 300."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from jsonschema import Draft7Validator

from workbook.paths import shadows_package

ROOT = Path(__file__).resolve().parents[1]
CHART = ROOT / "deploy" / "z2jh" / "chart-4.4.0"
VALUES = ROOT / "deploy" / "z2jh" / "values.yaml"


def helm_merge(defaults: dict, values: dict) -> dict:
    """Helm's coalescing: maps merge key by key, anything else replaces, null deletes."""
    out = dict(defaults)
    for key, value in values.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = helm_merge(out[key], value)
        else:
            out[key] = value
    return out


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads((CHART / "values.schema.json").read_text())


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load(VALUES.read_text())


def errors(schema: dict, values: dict) -> list[str]:
    merged = helm_merge(yaml.safe_load((CHART / "values.yaml").read_text()), values)
    return sorted(f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in Draft7Validator(schema).iter_errors(merged))


def test_the_values_pass_the_charts_own_schema(schema, values):
    assert errors(schema, values) == []


def test_the_schema_really_rejects_a_mistake(schema, values):
    """Not vacuous: a misspelt key and a wrong type are caught."""
    bad = helm_merge(values, {"singleuser": {"memmory": {"limit": "1G"}}, "cull": {"timeout": "an hour"}})
    found = errors(schema, bad)
    assert any("memmory" in e for e in found) and any(e.startswith("cull.timeout") for e in found)


def test_the_schema_file_names_its_chart_version_and_licence():
    readme = (CHART / "README.md").read_text()
    assert "4.4.0" in readme and "BSD 3-Clause" in readme
    assert "BSD 3-Clause" in (CHART / "LICENSE").read_text() or "Redistribution" in (CHART / "LICENSE").read_text()
    assert "4.4.0" in VALUES.read_text().splitlines()[0]


def test_every_participant_has_storage_and_a_workbook_home_on_it(values):
    user = values["singleuser"]
    assert user["storage"]["type"] == "dynamic"
    home = user["extraEnv"]["WORKBOOK_HOME"]
    # "~" is the participant's home, which is the mounted storage (expanded by the package)
    assert home.startswith("~/") and user["storage"]["homeMountPath"] and not shadows_package(home)


def test_memory_per_participant_is_sized_from_the_measurements(values):
    """Measured: about 290 MB with one notebook, 385 MB with two (docs/deploy.md)."""
    to_mb = lambda s: int(re.match(r"(\d+)([MG])", s).group(1)) * (1024 if s.endswith("G") else 1)  # noqa: E731
    memory = values["singleuser"]["memory"]
    assert 300 <= to_mb(memory["guarantee"]) <= 1024 and to_mb(memory["limit"]) >= 1024
    sizing = (ROOT / "docs" / "deploy.md").read_text()
    assert memory["guarantee"] in sizing and memory["limit"] in sizing


def test_participants_arrive_by_an_nbgitpuller_url_that_names_its_target_folder(values):
    url = urlsplit(values["singleuser"]["defaultUrl"])
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert url.path == "/git-pull" and query["targetpath"] == "course"
    assert query["urlpath"] == "lab/tree/course/notebooks/00_start_here.ipynb"


def test_idle_servers_are_culled_and_the_facilitator_role_only_reads(values):
    """The facilitator reads through the cohort service only: access to participants' servers
    would count as their activity and keep idle servers from being culled."""
    assert values["cull"]["enabled"] and values["cull"]["timeout"] <= 3600
    role = values["hub"]["loadRoles"]["facilitator"]
    assert role["scopes"] == ["access:services!service=cohort"]
    assert "facilitator" in values["hub"]["config"]["Authenticator"]["admin_users"]
