"""Solution notebooks hold nothing that depends on the machine that built them, so a build
on another checkout (a colleague's, CI's) gives the same bytes."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "solutions").rglob("*.ipynb"))
MACHINE = re.compile(r"(/tmp/|/home/[a-z]|/root/|/Users/[A-Za-z]|[A-Z]:\\\\Users|"
                     + re.escape(str(ROOT)) + r"|0x[0-9a-f]{8,})")


def readable_text(path: Path) -> str:
    """The notebook without its images: base64 data can spell '/tmp/' by chance."""
    import json

    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            for mime in [m for m in out.get("data", {}) if m.startswith("image/") and m != "image/svg+xml"]:
                out["data"].pop(mime)
    return json.dumps(nb)


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: str(p.relative_to(ROOT)))
def test_solution_has_no_machine_paths_or_memory_addresses(path):
    hits = sorted({m.group(0) for m in MACHINE.finditer(readable_text(path))})
    assert hits == [], f"{path.name}: machine-specific text in outputs: {hits}"


def test_every_course_notebook_has_a_solution():
    from workbook.course.build import course_notebooks

    assert {str(p) for p in course_notebooks()} == {str(p.relative_to(ROOT / "solutions")) for p in SOLUTIONS}
