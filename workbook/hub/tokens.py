"""Per-participant tokens for a hub: the facilitator generates a name and a strong random token
for each participant, hands each person theirs, and the hub keeps only salted hashes.

Two files come out of ``workbook hub tokens``, both readable by their owner only (0600):
the token list for the facilitator (``name,token``) and the hash file the hub reads
(``name,hash``). Tokens come from :mod:`secrets` in an alphabet without look-alikes (no 0/o,
1/l/i), in groups of five, so that a participant can type one from paper; case, spaces and
dashes do not matter when it is checked. Twenty characters of 31 are about 99 bits: no one
guesses one, and the hash file is of no use to whoever reads it.
"""
from __future__ import annotations

import csv
import hashlib
import hmac
import io
import re
import secrets
from pathlib import Path

from workbook.errors import InputError, Problem
from workbook.outputs import output_path, write_new

ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
GROUPS, GROUP_LENGTH = 4, 5
SCHEME = "pbkdf2_sha256"
ITERATIONS = 20_000  # the tokens are random, so the hash needs little stretching: a login stays cheap
TOKEN_HEADER = ("name", "token")
HASH_HEADER = ("name", "hash")
NAME_PREFIX = re.compile(r"[a-z][a-z0-9-]{0,19}")
MAX_PARTICIPANTS = 10_000
MAX_HASH_FILE_BYTES = 5_000_000


def new_token() -> str:
    """A fresh random token, e.g. ``k7m2q-x9ahe-...``."""
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS))


def canonical(token: str) -> str:
    """The token as it is hashed: lower case, without spaces or dashes (as typed from paper)."""
    return re.sub(r"[\s-]", "", str(token)).lower()


def participant_names(count: int, prefix: str = "p") -> list[str]:
    """``p001``, ``p002``, …: names a hub accepts (lower case), in order, as wide as ``count`` needs."""
    if not NAME_PREFIX.fullmatch(prefix or ""):
        raise InputError([Problem("the prefix must start with a letter and hold only lower-case letters, digits "
                                  "and dashes (at most 20)", value=prefix, fix="e.g. --prefix p or --prefix acme-")],
                         title="Cannot make tokens")
    if not 1 <= count <= MAX_PARTICIPANTS:
        raise InputError([Problem(f"the count must be between 1 and {MAX_PARTICIPANTS}", value=count)],
                         title="Cannot make tokens")
    width = max(3, len(str(count)))
    return [f"{prefix}{n:0{width}d}" for n in range(1, count + 1)]


def hash_token(token: str, salt: bytes | None = None) -> str:
    """A salted PBKDF2 hash of the token: ``pbkdf2_sha256$iterations$salt$digest``."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", canonical(token).encode("utf-8"), salt, ITERATIONS)
    return f"{SCHEME}${ITERATIONS}${salt.hex()}${digest.hex()}"


_UNKNOWN = hash_token("not a token of anyone")  # compared against for an unknown name, so it takes as long


def verify_token(stored: str | None, token: str) -> bool:
    """Does ``token`` match the stored hash? Constant-time, and as slow for an unknown name."""
    try:
        scheme, iterations, salt, digest = (stored or _UNKNOWN).split("$")
        if scheme != SCHEME or not 1 <= int(iterations) <= 10_000_000:
            return False
        given = hashlib.pbkdf2_hmac("sha256", canonical(token).encode("utf-8"), bytes.fromhex(salt), int(iterations))
        return hmac.compare_digest(given, bytes.fromhex(digest)) and stored is not None
    except (ValueError, TypeError):
        return False


def _csv(header: tuple[str, ...], rows: list[tuple[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def default_hash_file(tokens_file: str | Path) -> Path:
    """Where the hash file goes when not named: beside the token list, ``tokens-hashes.csv``."""
    path = Path(tokens_file)
    return path.with_name(f"{path.stem}-hashes.csv")


def write_token_files(out: str | Path, count: int, prefix: str = "p", hashes: str | Path | None = None,
                      force: bool = False) -> tuple[Path, Path, list[str]]:
    """Generate ``count`` participants; write the token list and the hash file (both 0600, never
    over an existing file without ``force``). Both paths are checked before either is written."""
    title = "Cannot write the tokens"
    names = participant_names(count, prefix)
    out, hashes = Path(out), Path(hashes) if hashes else default_hash_file(out)
    if out.resolve() == hashes.resolve():
        raise InputError([Problem("the token list and the hash file must be two files", file=str(out),
                                  fix="give --hashes another name")], title=title)
    for path in (out, hashes):
        output_path(path, force=force, title=title)
    tokens = [new_token() for _ in names]
    hashed = [(n, hash_token(t)) for n, t in zip(names, tokens)]
    text = _csv(TOKEN_HEADER, list(zip(names, tokens)))
    hash_text = _csv(HASH_HEADER, hashed)
    write_new(hashes, lambda p: p.write_text(hash_text, encoding="utf-8"), force=force, title=title, mode=0o600)
    write_new(out, lambda p: p.write_text(text, encoding="utf-8"), force=force, title=title, mode=0o600)
    return out, hashes, names


def read_hash_file(path: str | Path) -> dict[str, str]:
    """Name → hash from the file the hub reads; refuses a token list given by mistake."""
    path = Path(path)
    title = "Cannot read the participants' token hashes"
    try:
        if path.stat().st_size > MAX_HASH_FILE_BYTES:
            raise InputError([Problem("too large to be a hash file", file=str(path))], title=title)
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise InputError([Problem(f"cannot be read ({reason})", file=str(path),
                                  fix="make it with `workbook hub tokens --count N --out tokens.csv`")],
                         title=title) from None
    rows = list(csv.reader(io.StringIO(text)))
    header = tuple(rows[0]) if rows else ()
    if header == TOKEN_HEADER:
        raise InputError([Problem("this is the token list itself: the hub reads only the hash file", file=str(path),
                                  fix=f"give the hash file, e.g. {default_hash_file(path).name}")], title=title)
    if header != HASH_HEADER:
        raise InputError([Problem("not a hash file made by `workbook hub tokens`", file=str(path),
                                  value=",".join(header))], title=title)
    hashes: dict[str, str] = {}
    problems = []
    for n, row in enumerate(rows[1:], 2):
        if not row:
            continue
        if len(row) != 2 or not row[0] or not row[1].startswith(SCHEME + "$"):
            problems.append(Problem("not a name and a hash", file=str(path), row=n))
        elif row[0] in hashes:
            problems.append(Problem("this name is in the file twice", file=str(path), row=n, value=row[0]))
        else:
            hashes[row[0]] = row[1]
    if problems:
        raise InputError(problems, title=title)
    return hashes
