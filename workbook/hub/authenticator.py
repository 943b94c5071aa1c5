"""A JupyterHub authenticator for per-participant tokens (``workbook hub tokens``).

Each participant logs in with their name and their own token; the hub reads only the hash file,
never a token. The facilitator (and any name in ``admin_users``) logs in with the admin password
as with JupyterHub's ``SharedPasswordAuthenticator``, which this extends; the shared cohort
password is not accepted here. The hash file is read again when it changes, so a facilitator can
add participants during a course without restarting the hub.

Used by deploy/hub/jupyterhub_config.py when ``WORKBOOK_HUB_TOKENS`` names a hash file.
"""
from __future__ import annotations

import os

from jupyterhub.authenticators.shared import SharedPasswordAuthenticator
from traitlets import Unicode, default, validate

from workbook.errors import InputError
from workbook.hub.tokens import read_hash_file, verify_token


class ParticipantTokenAuthenticator(SharedPasswordAuthenticator):
    """Name and personal token for participants; the admin password for ``admin_users``."""

    token_file = Unicode(
        "", config=True,
        help="The hash file from `workbook hub tokens` (name,hash); the tokens themselves stay with the facilitator.",
    ).tag(allow_config=True)

    @default("any_allow_config")
    def _default_any_allow_config(self) -> bool:
        return True  # the hash file is the allow list

    @validate("token_file")
    def _validate_token_file(self, proposal) -> str:
        path = proposal.value
        if path:
            try:
                read_hash_file(path)  # a missing or wrong file stops the hub at start, with the reason
            except InputError as exc:
                raise ValueError(str(exc)) from None
        return path

    _hash_cache: tuple[tuple[int, int], dict[str, str]] | None = None

    def hashes(self) -> dict[str, str]:
        """Name → hash, read again whenever the file changes; empty (nobody) if it cannot be read."""
        try:
            stat = os.stat(self.token_file)
            key = (stat.st_mtime_ns, stat.st_size)
            if self._hash_cache is None or self._hash_cache[0] != key:
                self._hash_cache = (key, read_hash_file(self.token_file))
            return self._hash_cache[1]
        except (OSError, InputError) as exc:
            self.log.error("Participants cannot log in: %s", exc)
            return {}

    def check_allow_config(self) -> None:
        if not self.token_file:
            self.log.error("ParticipantTokenAuthenticator.token_file is not set: no participant can log in")
        if self.admin_users and not self.admin_password:
            self.log.warning("admin_users are set but no admin_password: the facilitator cannot log in")

    def check_allowed(self, username: str, authentication: dict | None = None) -> bool:
        return username in self.admin_users or username in self.hashes() or super().check_allowed(
            username, authentication)

    async def authenticate(self, handler, data: dict) -> dict | None:
        username = self.normalize_username(data.get("username") or "")
        password = data.get("password") or ""
        if username in self.admin_users:
            return await super().authenticate(handler, data)  # the admin password, never a token
        if verify_token(self.hashes().get(username), password):
            return {"name": username, "admin": False, "groups": []}
        return None
