"""The progress store: answers saved at once and atomically; a damaged file is kept aside
with a visible warning; two kernels saving at once lose nothing."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from workbook.errors import ProgressWarning
from workbook.course.progress import ProgressStore, atomic_write_text


def test_an_answer_is_on_disk_as_soon_as_it_is_recorded(home):
    store = ProgressStore(home)
    store.record("q1", "Scope 2")
    doc = json.loads((home / "progress.json").read_text())
    assert doc["answers"]["q1"]["value"] == "Scope 2"
    assert doc["answers"]["q1"]["attempts"] == 0 and doc["answers"]["q1"]["correct"] is None


def test_a_check_counts_an_attempt_and_keeps_the_verdict(home):
    store = ProgressStore(home)
    store.record("q1", "Scope 1", correct=False, checked=True)
    entry = store.record("q1", "Scope 2", correct=True, checked=True)
    assert entry["attempts"] == 2 and entry["correct"] is True and "solved_at" in entry


def test_other_participant_data_is_kept_with_the_answers(home):
    store = ProgressStore(home)
    store.set_data("ambition", "1.5 °C aligned")
    store.record("q1", 3)
    assert ProgressStore(home).get_data("ambition") == "1.5 °C aligned"


def test_the_default_home_is_per_user_when_workbook_home_is_unset(monkeypatch):
    from workbook.paths import workbook_home

    monkeypatch.delenv("WORKBOOK_HOME")
    assert "workbook" in str(workbook_home()) and workbook_home().is_absolute()


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "progress.json"
    atomic_write_text(target, "{}")
    atomic_write_text(target, '{"a": 1}')
    assert [p.name for p in tmp_path.iterdir()] == ["progress.json"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o600)


def test_the_progress_file_is_readable_by_its_owner_only(tmp_path):
    """On a hub with Unix accounts nobody else may read a participant's answers: 0600, folder 0700."""
    home = tmp_path / "new-home"
    store = ProgressStore(home)
    store.record("q1", "Scope 2")
    store.record("q1", "Scope 1", correct=False, checked=True)
    assert oct(store.path.stat().st_mode & 0o777) == oct(0o600)
    assert oct(home.stat().st_mode & 0o077) == oct(0), "a home the store creates is private too"
    lock = home / ".progress.json.lock"
    assert not lock.exists() or lock.stat().st_mode & 0o077 == 0


def test_the_progress_file_stays_private_under_a_permissive_umask(tmp_path):
    old = os.umask(0)
    try:
        store = ProgressStore(tmp_path)
        store.record("q1", 1)
    finally:
        os.umask(old)
    assert oct(store.path.stat().st_mode & 0o777) == oct(0o600)


def test_each_checked_attempt_keeps_its_value_so_the_first_try_is_not_overwritten(home):
    store = ProgressStore(home)
    store.record("q1", "Scope 3")  # a change, not checked: no attempt
    store.record("q1", "Scope 1", correct=False, checked=True)
    store.record("q1", "Scope 2", correct=True, checked=True)
    entry = ProgressStore(home).answer("q1")
    assert entry["value"] == "Scope 2" and entry["attempts"] == 2
    assert entry["tries"] == [{"value": "Scope 1", "correct": False}, {"value": "Scope 2", "correct": True}]
    assert "tries_from" not in entry


def test_only_the_first_tries_are_kept_while_attempts_go_on_counting(home):
    from workbook.course.progress import MAX_TRIES

    store = ProgressStore(home)
    for n in range(MAX_TRIES + 5):
        entry = store.record("q1", n, correct=False, checked=True)
    assert entry["attempts"] == MAX_TRIES + 5
    assert [t["value"] for t in entry["tries"]] == list(range(MAX_TRIES))


def test_a_file_written_before_tries_were_kept_still_reads_and_marks_the_unknown_attempts(home):
    """Backward compatible: an old entry (no ``tries``) reads as before; tries recorded later
    carry ``tries_from`` so that they are never taken for first tries."""
    old = {"format": 1, "data": {}, "answers": {"q1": {"attempts": 2, "correct": False, "value": "B",
                                                      "saved_at": "2026-01-01T10:00:00+00:00"}}}
    (home / "progress.json").write_text(json.dumps(old))
    store = ProgressStore(home)
    assert store.answer("q1")["value"] == "B" and store.warning is None
    entry = store.record("q1", "C", correct=True, checked=True)
    assert entry["attempts"] == 3 and entry["tries_from"] == 2
    assert entry["tries"] == [{"value": "C", "correct": True}]


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "progress.json"
    atomic_write_text(target, '{"old": true}')

    def boom(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write_text(target, '{"new": true}')
    assert target.read_text() == '{"old": true}'
    assert [p.name for p in tmp_path.iterdir()] == ["progress.json"]


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe garbage", b'["a", "list"]',
                                     b'{"answers": "not a mapping"}'])
def test_a_corrupt_file_is_kept_aside_with_a_warning_never_silently_replaced(home, content):
    (home / "progress.json").write_bytes(content)
    store = ProgressStore(home)
    with pytest.warns(ProgressWarning, match="kept as progress.corrupt-"):
        assert store.read()["answers"] == {}
    kept = list(home.glob("progress.corrupt-*.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == content
    assert "could not be used" in store.warning
    store.record("q1", "new answer")
    assert kept[0].read_bytes() == content, "the damaged copy is never overwritten"
    assert ProgressStore(home).answer("q1")["value"] == "new answer"


def test_two_corrupt_files_in_the_same_second_are_both_kept(home):
    for content in (b"{bad one", b"{bad two"):
        (home / "progress.json").write_bytes(content)
        with pytest.warns(ProgressWarning):
            ProgressStore(home).read()
    assert sorted(p.read_bytes() for p in home.glob("progress.corrupt-*.json")) == [b"{bad one", b"{bad two"]


SAVER = """
import sys
from pathlib import Path
from workbook.course.progress import ProgressStore
store = ProgressStore(Path(sys.argv[1]))
for i in range(int(sys.argv[3])):
    store.record(f"{sys.argv[2]}-{i}", i, correct=True, checked=True)
"""


def test_two_kernels_saving_at_once_lose_nothing(home):
    import subprocess
    import sys

    procs = [subprocess.Popen([sys.executable, "-c", SAVER, str(home), name, "40"]) for name in ("a", "b")]
    assert [p.wait(120) for p in procs] == [0, 0]
    answers = ProgressStore(home).answers()
    assert len(answers) == 80
    assert all(answers[f"{k}-{i}"]["value"] == i for k in "ab" for i in range(40))
