"""Run a course notebook the way the tests need it: fresh kernel, no network, own home."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

NO_NETWORK = '''
import socket as _socket
_real_connect = _socket.socket.connect
_real_connect_ex = _socket.socket.connect_ex

def _local(address):
    host = address[0] if isinstance(address, tuple) else address
    return not isinstance(host, str) or host.startswith(("127.", "/", "\\0")) or host in ("localhost", "::1", "")

def _connect(self, address):
    if not _local(address):
        raise OSError(f"network access is blocked while testing notebooks: {address!r}")
    return _real_connect(self, address)

def _connect_ex(self, address):
    if not _local(address):
        raise OSError(f"network access is blocked while testing notebooks: {address!r}")
    return _real_connect_ex(self, address)

_socket.socket.connect = _connect
_socket.socket.connect_ex = _connect_ex
'''


@contextmanager
def offline_kernel_env(tmp: Path):
    """Kernels started inside inherit a startup file that refuses non-loopback connections."""
    startup = tmp / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-no-network.py").write_text(NO_NETWORK)
    saved = dict(os.environ)
    os.environ["IPYTHONDIR"] = str(tmp / "ipython")
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
