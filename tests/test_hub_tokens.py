"""Personal participant tokens (`workbook hub tokens`) and the hub's authenticator for them.

The facilitator gets a list of names and strong random tokens; the hub reads only a file of
salted hashes. A token is checked in constant time, the same for an unknown name, and typing it
in capitals or with spaces for dashes does not matter. Files are new, 0600, and never replace
an existing file without --force.
"""
from __future__ import annotations

import asyncio
import csv
import json
import math
import re
from pathlib import Path

import pytest

from workbook.cli import main
from workbook.errors import InputError
from workbook.hub import hash_token, new_token, participant_names, read_hash_file, verify_token, write_token_files
from workbook.hub.authenticator import ParticipantTokenAuthenticator
from workbook.hub.tokens import ALPHABET

ADMIN_PASSWORD = "a-facilitator-password-of-32-chars-or-more"


def token_list(path: Path) -> dict[str, str]:
    rows = list(csv.reader(path.read_text().splitlines()))
    assert rows[0] == ["name", "token"]
    return dict(rows[1:])


def test_names_are_numbered_lower_case_and_as_wide_as_the_count_needs():
    assert participant_names(3) == ["p001", "p002", "p003"]
    assert participant_names(1200, prefix="acme-")[-1] == "acme-1200"
    for bad in ("P", "1p", "a b", "x" * 21, ""):
        with pytest.raises(InputError, match="prefix"):
            participant_names(3, prefix=bad)
    with pytest.raises(InputError, match="count"):
        participant_names(0)


def test_tokens_are_random_long_and_easy_to_type():
    tokens = {new_token() for _ in range(500)}
    assert len(tokens) == 500
    assert all(re.fullmatch(rf"[{ALPHABET}]{{5}}(-[{ALPHABET}]{{5}}){{3}}", t) for t in tokens)
    assert not set("01ilo") & set(ALPHABET), "no look-alike characters"
    assert 20 * math.log2(len(ALPHABET)) > 96, "strong enough that nobody guesses one"


def test_a_token_verifies_against_its_hash_however_it_is_typed_and_nothing_else_does():
    token = new_token()
    stored = hash_token(token)
    assert verify_token(stored, token)
    assert verify_token(stored, token.upper().replace("-", " "))
    assert verify_token(stored, " " + token.replace("-", "") + "\n")
    assert not verify_token(stored, new_token())
    assert not verify_token(stored, token[:-1])
    assert not verify_token(stored, "")
    assert not verify_token(None, token), "an unknown name"
    assert not verify_token("pbkdf2_sha256$x$zz$yy", token) and not verify_token("md5$1$00$00", token)
    assert hash_token(token) != stored, "every hash has a salt of its own"
    assert token not in stored and token.replace("-", "") not in stored


def test_the_facilitator_gets_the_tokens_and_the_hub_only_hashes_both_private(tmp_path):
    out, hashes, names = write_token_files(tmp_path / "tokens.csv", 4, prefix="t")
    assert hashes == tmp_path / "tokens-hashes.csv" and names == ["t001", "t002", "t003", "t004"]
    assert (out.stat().st_mode & 0o777, hashes.stat().st_mode & 0o777) == (0o600, 0o600)
    tokens = token_list(out)
    stored = read_hash_file(hashes)
    assert list(tokens) == list(stored) == names
    assert all(verify_token(stored[n], tokens[n]) for n in names)
    assert not verify_token(stored["t001"], tokens["t002"])
    text = hashes.read_text()
    assert not any(t in text or t.replace("-", "") in text for t in tokens.values())


def test_no_file_is_replaced_without_force_and_then_neither_is_written(tmp_path):
    hashes = tmp_path / "tokens-hashes.csv"
    hashes.write_text("kept")
    with pytest.raises(InputError, match="already exists"):
        write_token_files(tmp_path / "tokens.csv", 2)
    assert hashes.read_text() == "kept" and not (tmp_path / "tokens.csv").exists()
    out, _, _ = write_token_files(tmp_path / "tokens.csv", 2, force=True)
    assert hashes.read_text().startswith("name,hash\n") and len(token_list(out)) == 2
    with pytest.raises(InputError, match="two files"):
        write_token_files(tmp_path / "same.csv", 2, hashes=tmp_path / "same.csv")


def test_the_hub_refuses_the_token_list_or_a_foreign_file_in_place_of_the_hashes(tmp_path):
    out, _, _ = write_token_files(tmp_path / "tokens.csv", 2)
    with pytest.raises(InputError, match="the token list itself"):
        read_hash_file(out)
    foreign = tmp_path / "people.csv"
    foreign.write_text("name,email\nann,ann@example.org\n")
    with pytest.raises(InputError, match="not a hash file"):
        read_hash_file(foreign)
    twice = tmp_path / "twice.csv"
    twice.write_text(f"name,hash\nann,{hash_token('a')}\nann,{hash_token('b')}\n")
    with pytest.raises(InputError, match="twice"):
        read_hash_file(twice)
    with pytest.raises(InputError, match="cannot be read"):
        read_hash_file(tmp_path / "missing.csv")


def test_cli_prints_where_the_files_are_never_a_token(tmp_path, capsys):
    out = tmp_path / "tokens.csv"
    assert main(["hub", "tokens", "--count", "3", "--out", str(out), "--prefix", "acme-"]) == 0
    printed = capsys.readouterr().out
    assert "acme-001 to acme-003" in printed and "WORKBOOK_HUB_TOKENS=" in printed
    assert not any(t in printed for t in token_list(out).values())
    before = out.read_bytes()
    assert main(["hub", "tokens", "--count", "3", "--out", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err and out.read_bytes() == before
    assert main(["hub", "tokens", "--count", "2", "--out", str(tmp_path / "b.csv"), "--json"]) == 0
    printed = capsys.readouterr().out
    assert json.loads(printed)["participants"] == 2
    assert not any(t in printed for t in token_list(tmp_path / "b.csv").values())


# ---------------------------------------------------------------------- the hub's authenticator
@pytest.fixture
def authenticator(tmp_path):
    out, hashes, _ = write_token_files(tmp_path / "tokens.csv", 3)
    auth = ParticipantTokenAuthenticator(token_file=str(hashes), admin_users={"facilitator"},
                                         admin_password=ADMIN_PASSWORD)
    auth.tokens = token_list(out)
    auth.hashes_path = hashes
    return auth


def login(auth, name: str, password: str):
    # In a thread of its own: another test (the browser's) may leave an event loop running here.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, auth.authenticate(None, {"username": name, "password": password})).result()


def test_a_participant_logs_in_with_their_own_token_only(authenticator):
    tokens = authenticator.tokens
    assert login(authenticator, "p001", tokens["p001"]) == {"name": "p001", "admin": False, "groups": []}
    assert login(authenticator, "P002", tokens["p002"].upper())["name"] == "p002"
    assert login(authenticator, "p001", tokens["p002"]) is None
    assert login(authenticator, "p001", "") is None
    assert login(authenticator, "nobody", tokens["p001"]) is None
    assert authenticator.check_allowed("p003") and not authenticator.check_allowed("nobody")


def test_the_facilitator_logs_in_with_the_admin_password_never_with_a_token(authenticator, tmp_path):
    assert login(authenticator, "facilitator", ADMIN_PASSWORD) == {"name": "facilitator", "admin": True, "groups": []}
    assert login(authenticator, "facilitator", authenticator.tokens["p001"]) is None


def test_participants_added_to_the_hash_file_can_log_in_without_a_restart(authenticator, tmp_path):
    out, _, _ = write_token_files(tmp_path / "more.csv", 5, hashes=authenticator.hashes_path, force=True)
    fresh = token_list(out)
    assert login(authenticator, "p005", fresh["p005"])["name"] == "p005"
    assert login(authenticator, "p001", authenticator.tokens["p001"]) is None, "the old token is replaced"


def test_a_hub_given_no_hash_file_or_the_token_list_does_not_start(tmp_path):
    out, _, _ = write_token_files(tmp_path / "tokens.csv", 1)
    with pytest.raises(ValueError, match="the token list itself"):
        ParticipantTokenAuthenticator(token_file=str(out))
    with pytest.raises(ValueError, match="cannot be read"):
        ParticipantTokenAuthenticator(token_file=str(tmp_path / "missing.csv"))
