"""Who acts when no account is named: the system user of the command line."""

from __future__ import annotations

import getpass


def default_actor() -> str:
    """Who acts when the command line is used: the system account."""
    try:
        return f"{getpass.getuser()} (ligne de commande)"
    except Exception:  # noqa: BLE001 - no user database in some containers
        return "ligne de commande"
