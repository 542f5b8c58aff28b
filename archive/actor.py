"""Who acts: the system user of the command line, or an account and its role.

Library actions take ``actor`` (the name the history keeps) and ``role`` (what
that account may do). ``role=None`` is the command line: whoever runs it holds
the archive's files and answers for them as a responsable does. The web
interface always passes its account's role, so the rules below hold in the
library, whatever the interface.
"""

from __future__ import annotations

import getpass

from .users import RESPONSABLE

# The history's note when a bibliothécaire's edit sends a public item back to draft.
RECLEAR_NOTE = "modifié par un·e bibliothécaire : droits à valider de nouveau"


def default_actor() -> str:
    """Who acts when the command line is used: the system account."""
    try:
        return f"{getpass.getuser()} (ligne de commande)"
    except Exception:  # noqa: BLE001 - no user database in some containers
        return "ligne de commande"


def vouches_for_public_text(role: str | None) -> bool:
    """Whether words from this actor may reach the public without a responsable
    reading them first: a responsable's, or the command line's."""
    return role is None or role == RESPONSABLE
