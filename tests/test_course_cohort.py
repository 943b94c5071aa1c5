"""`workbook cohort`: the facilitator's view of a cohort.

Completion per participant (numbered, never named), module and objective; per exercise the
share right at first try and the most common wrong first answers, never a group of fewer than
three. Corrupt, partial and foreign files are named with the reason and the rest still counted.
Nothing is ever written to a source; ``--out`` never overwrites a file.
"""
from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path
from urllib.parse import urlsplit

import openpyxl
import pytest

from workbook.cli import main
from workbook.course.cohort import MIN_GROUP, load_cohort, summarise, write_demo_cohort
from workbook.course.progress import ProgressStore, new_document, record_answer
from workbook.course.progress_report import export_excel
from workbook.curriculum import load_curriculum
from workbook.exercises import load_bank

EX = "start-electricity-scope"  # single choice: "Scope 2" is right


@pytest.fixture(scope="module")
def content():
    return load_curriculum(), load_bank()


def participant(folder: Path, name: str, *tries: tuple[str, bool]) -> Path:
    store = ProgressStore(folder / name / "workbook-data")
    for value, correct in tries:
        store.record(EX, value, correct=correct, checked=True)
    return store.path


def stats(report, exercise=EX):
    return next(e for e in report.exercises if e.exercise == exercise)


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_first_tries_count_even_after_a_participant_corrects_the_answer(tmp_path, content):
    for n in range(3):
        participant(tmp_path, f"wrong{n}", ("Scope 1", False), ("Scope 2", True))
    participant(tmp_path, "right", ("Scope 2", True))
    e = stats(summarise(load_cohort([tmp_path]), *content))
    assert (e.first_tries, e.right_first_try, e.share_right_first_try) == (4, 1, 0.25)
    assert e.common_wrong == (("Scope 1", 3),)


def test_a_wrong_answer_given_by_fewer_than_three_is_not_shown(tmp_path, content):
    participant(tmp_path, "a", ("Scope 1", False))
    participant(tmp_path, "b", ("Scope 1", False))
    participant(tmp_path, "c", ("Scope 3", False))
    e = stats(summarise(load_cohort([tmp_path]), *content))
    assert MIN_GROUP == 3 and e.first_tries == 3 and e.right_first_try == 0
    assert e.common_wrong == ()


def test_the_share_right_at_first_try_is_hidden_below_three_first_tries(tmp_path, content):
    participant(tmp_path, "a", ("Scope 2", True))
    participant(tmp_path, "b", ("Scope 1", False))
    e = stats(summarise(load_cohort([tmp_path]), *content))
    assert e.first_tries == 2 and e.right_first_try is None and e.share_right_first_try is None


def test_participants_are_numbered_and_never_named(tmp_path, content, capsys):
    participant(tmp_path, "xq-anneke-devries", ("Scope 2", True))
    participant(tmp_path, "xq-bob-jansen", ("Scope 1", False))
    assert main(["cohort", str(tmp_path), "--json"]) == 0
    out = capsys.readouterr().out
    doc = json.loads(out)
    assert [p["participant"] for p in doc["per_participant"]] == [1, 2]
    assert "anneke" not in out and "jansen" not in out and str(tmp_path) not in out


def test_completion_per_participant_module_and_objective(tmp_path, content):
    curriculum, bank = content
    participant(tmp_path, "a", ("Scope 2", True))
    report = summarise(load_cohort([tmp_path]), curriculum, bank)
    start = next(o for o in report.objectives if o["id"] == "course.start")
    assert start["started"] == 1 and start["completed"] == 0 and start["exercises"] == 7
    assert report.people[0]["modules"]["course"] == {"done": 1, "total": 7}
    assert report.modules["course"]["started"] == 1


def test_a_file_from_before_tries_were_kept_still_counts_its_first_try(tmp_path, content):
    old = {"format": 1, "data": {}, "answers": {EX: {"attempts": 1, "correct": True, "value": "Scope 2"}}}
    for n in range(3):
        (tmp_path / f"old{n}").mkdir()
        (tmp_path / f"old{n}" / "progress.json").write_text(json.dumps(old))
    e = stats(summarise(load_cohort([tmp_path]), *content))
    assert (e.first_tries, e.right_first_try) == (3, 3)


def test_corrupt_partial_and_foreign_files_are_named_and_the_rest_counted(tmp_path, content):
    for n in range(3):
        participant(tmp_path, f"ok{n}", ("Scope 1", False))
    bad = {"corrupt": b'{"format": 1, "answers": {"start-elec', "foreign": b'{"name": "left-pad", "version": "1"}',
           "binary": b"\xff\xfe\x00garbage"}
    for name, raw in bad.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "progress.json").write_bytes(raw)
    partial = {"format": 1, "data": {}, "answers": {EX: {"attempts": 1, "correct": True, "value": "Scope 2"},
                                                     "start-sort-scopes": "not an entry"}}
    (tmp_path / "partial").mkdir()
    (tmp_path / "partial" / "progress.json").write_text(json.dumps(partial))
    stray = tmp_path / "notes.txt"
    stray.write_text("hello")
    foreign_xlsx = tmp_path / "budget.xlsx"
    openpyxl.Workbook().save(foreign_xlsx)
    before = snapshot(tmp_path)
    cohort = load_cohort([tmp_path, stray, foreign_xlsx, tmp_path / "missing"])
    report = summarise(cohort, *content)
    assert report.participants == 4  # three good files and the partial one
    by_file = {Path(p.file).parent.name if p.file.endswith("progress.json") else Path(p.file).name: p.message
               for p in report.problems}
    assert "not valid JSON" in by_file["corrupt"] and "not valid JSON" in by_file["binary"]
    assert "not a workbook progress file" in by_file["foreign"]
    assert "1 answer(s) could not be read" in by_file["partial"]
    assert "neither a progress file" in by_file["notes.txt"]
    assert "no sheet 'Answers'" in by_file["budget.xlsx"]
    assert "no such file" in by_file["missing"]
    assert stats(report).first_tries == 4
    assert snapshot(tmp_path) == before, "a corrupt file is reported, never moved aside or repaired"


def test_exported_answer_files_are_a_source_too(tmp_path, content):
    curriculum, bank = content
    exports = []
    for n in range(3):
        home = tmp_path / f"home{n}"
        ProgressStore(home).record(EX, "Scope 3", correct=False, checked=True)
        ProgressStore(home).record(EX, "Scope 2", correct=True, checked=True)
        exports.append(export_excel(tmp_path / f"answers{n}.xlsx", curriculum, bank, ProgressStore(home).read()))
    report = summarise(load_cohort(exports), curriculum, bank)
    e = stats(report)
    assert report.participants == 3 and e.right_first_try == 0 and e.common_wrong == (("Scope 3", 3),)
    assert {p["source"] for p in report.people} == {"export"}


def test_the_demo_cohort_is_deterministic_and_every_file_is_read(tmp_path, content):
    a = write_demo_cohort(tmp_path / "a", content[1], content[0], participants=12)
    b = write_demo_cohort(tmp_path / "b", content[1], content[0], participants=12)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    report = summarise(load_cohort([tmp_path / "a"]), *content)
    assert report.participants == 12 and report.problems == []
    assert any(e.common_wrong for e in report.exercises), "the demo shows common wrong answers"


def test_cli_out_writes_a_new_excel_file_and_never_overwrites(tmp_path, content, capsys):
    write_demo_cohort(tmp_path / "homes", content[1], content[0], participants=5)
    out = tmp_path / "cohort.xlsx"
    assert main(["cohort", str(tmp_path / "homes"), "--out", str(out)]) == 0
    assert "Cohort: 5 participant(s)" in capsys.readouterr().out
    assert openpyxl.load_workbook(out).sheetnames == ["Modules", "Objectives", "Participants", "Exercises",
                                                      "Wrong answers", "Files", "About"]
    before = out.read_bytes()
    assert main(["cohort", str(tmp_path / "homes"), "--out", str(out)]) == 2
    assert "never overwritten" in capsys.readouterr().err
    assert out.read_bytes() == before


def test_cli_without_a_source_or_with_nothing_readable_exits_2(tmp_path, capsys):
    assert main(["cohort"]) == 2
    assert "nothing to read" in capsys.readouterr().err
    (tmp_path / "progress.json").write_text("{broken")
    assert main(["cohort", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert "No participant could be read" in captured.err and "not valid JSON" in captured.err
    assert "Traceback" not in captured.err


class FakeHub(http.server.BaseHTTPRequestHandler):
    """A hub whose cohort service knows two participants (one with a file it could not use) and
    one home without answers yet; every request is recorded."""
    seen: list[str] = []
    answer: object = {"format": 1, "without_answers": 1,
                      "participants": [{"name": "ann", "answers": {EX: {"attempts": 1, "correct": True,
                                                                          "value": "Scope 2", "tries": [
                                                                              {"value": "Scope 2", "correct": True}]}}},
                                       {"name": "bob", "answers": {EX: {"attempts": 1, "correct": False,
                                                                          "value": "Scope 1"}}}],
                      "problems": [{"file": "hub user eve", "message": "not a usable progress file: not valid JSON"}]}

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        FakeHub.seen.append(self.path)
        if urlsplit(self.path).path != "/services/cohort/api/progress":
            return self._send(404, {})
        if self.headers.get("Authorization") != "token secret":
            return self._send(403, {})
        return self._send(200, FakeHub.answer)

    def _send(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def fake_hub():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeHub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeHub.seen, answer = [], FakeHub.answer
    yield f"http://127.0.0.1:{server.server_port}"
    FakeHub.answer = answer
    server.shutdown()
    server.server_close()


def test_the_hub_is_read_through_its_cohort_service_never_a_participants_server(fake_hub, content):
    """A request to a participant's server would count as their activity and keep it from being culled."""
    cohort = load_cohort([], hub=fake_hub + "/hub/", token="secret")
    assert len(cohort.participants) == 2 and {p.kind for p in cohort.participants} == {"hub"}
    assert [str(p) for p in cohort.problems] == ["hub user eve: not a usable progress file: not valid JSON"]
    assert cohort.notes == ["1 participant(s) on the hub have not saved an answer yet"]
    assert FakeHub.seen == ["/services/cohort/api/progress"]
    e = stats(summarise(cohort, *content))
    assert e.first_tries == 2


def test_a_wrong_hub_token_is_a_readable_error(fake_hub, capsys):
    assert main(["cohort", "--hub", fake_hub, "--token", "wrong"]) == 2
    err = capsys.readouterr().err
    assert "refused the token (HTTP 403)" in err and "access:services!service=cohort" in err


def test_a_hub_without_the_cohort_service_or_with_another_answer_is_a_readable_error(fake_hub, capsys):
    assert main(["cohort", "--hub", fake_hub, "--token", "secret", "--hub-service", "other"]) == 2
    assert "no cohort service at /services/other/ (HTTP 404)" in capsys.readouterr().err
    FakeHub.answer = ["not", "answers"]
    assert main(["cohort", "--hub", fake_hub, "--token", "secret"]) == 2
    err = capsys.readouterr().err
    assert "answered something else" in err and "Traceback" not in err
