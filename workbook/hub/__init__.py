"""Running the course on a JupyterHub: participants' personal tokens (``workbook hub tokens``)
and the facilitator's read-only cohort service that the hub runs beside itself. The hub's
authenticator for the tokens is ``workbook.hub.authenticator.ParticipantTokenAuthenticator``
(imported by JupyterHub only, so this face does not load JupyterHub)."""
from __future__ import annotations

from workbook.hub.cohort_service import make_app, read_homes
from workbook.hub.tokens import (hash_token, new_token, participant_names, read_hash_file, verify_token,
                                 write_token_files)

__all__ = ["hash_token", "make_app", "new_token", "participant_names", "read_hash_file", "read_homes", "verify_token",
           "write_token_files"]
