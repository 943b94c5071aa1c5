"""Run one hostile case in a forked child with a memory cap and a time limit.

The child inherits the test process (the package already imported, so a case costs
milliseconds, not an interpreter start), lowers its address-space limit (RLIMIT_AS) to what it
uses now plus ``memory_mb``, sends its standard output and error to a file, and runs the case.
The parent waits at most ``timeout`` seconds, then kills it. The outcome says whether the case
finished, raised (with the traceback), ran out of time, or died (e.g. killed by the limit).
"""
from __future__ import annotations

import os
import resource
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from typing import Any, Callable

DEFAULT_MEMORY_MB = 1500
DEFAULT_TIMEOUT_S = 60.0


@dataclass
class Outcome:
    status: str        # "returned", "raised", "timeout" or "died"
    value: Any         # what the case returned (repr), or the exception's type name
    output: str        # standard output and error of the child (a traceback shows here)

    @property
    def clean(self) -> bool:
        return self.status in ("returned", "raised") and "Traceback" not in self.output


def _virtual_bytes() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def run_capped(case: Callable[[], Any], *, timeout: float = DEFAULT_TIMEOUT_S,
               memory_mb: int = DEFAULT_MEMORY_MB, expected: tuple[type, ...] = ()) -> Outcome:
    """Run ``case()`` in a capped child. An exception of a type in ``expected`` counts as
    "raised" (a clean refusal); any other exception prints its traceback into the output."""
    out = tempfile.NamedTemporaryFile(prefix="capped-", suffix=".out", delete=False)
    out.close()
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child
        code = 0
        try:
            os.close(read_end)
            fd = os.open(out.name, os.O_WRONLY | os.O_TRUNC)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            # the test runner may have replaced sys.stdout/err by its own capture: write to the file
            sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)
            sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)
            limit = _virtual_bytes() + memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            try:
                value = case()
                message = f"returned {value!r}"[:2000]
            except expected as exc:
                message = f"raised {type(exc).__name__}"
            except BaseException:  # noqa: BLE001 - every other exception is a finding
                traceback.print_exc()
                message = "crashed"
            sys.stdout.flush()
            sys.stderr.flush()
            os.write(write_end, message.encode("utf-8", "replace"))
        except BaseException:  # noqa: BLE001
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    deadline = time.monotonic() + timeout
    status = None
    while time.monotonic() < deadline:
        done, wstatus = os.waitpid(pid, os.WNOHANG)
        if done:
            status = wstatus
            break
        time.sleep(0.01)
    if status is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    message = b""
    while True:
        chunk = os.read(read_end, 65536)
        if not chunk:
            break
        message += chunk
    os.close(read_end)
    with open(out.name, encoding="utf-8", errors="replace") as f:
        output = f.read()
    os.unlink(out.name)
    text = message.decode("utf-8", "replace")
    if status is None:
        return Outcome("timeout", None, output)
    if not text:
        return Outcome("died", None, output)
    if text.startswith("returned"):
        return Outcome("returned", text[len("returned "):], output)
    if text.startswith("raised"):
        return Outcome("raised", text[len("raised "):], output)
    return Outcome("died", text, output)
