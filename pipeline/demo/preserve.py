"""The demo's deposit and backup: the Lire en Sambre tales as the library network's
archive service would receive them, and a first backup beside the archive.

The article (2025) says Lola Monset's tales, "Les bibliothèques racontent :
contes et légendes des médiathèques de Lire en Sambre", were recorded as
podcasts: that residence is the one deposited.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from archive import Catalogue, ClearError
from pipeline.plumbing import config
from pipeline.preserve.backup import backup
from pipeline.preserve.bag import export_bag

RESIDENCE = "lire-en-sambre"


def build(cat: Catalogue, folder: Path, say: Callable[[str], None]) -> None:
    """A public bag of the Lire en Sambre residence and a backup, both made afresh."""
    settings = config.load(cat.folder)
    bag = folder / "depot-lire-en-sambre"
    shutil.rmtree(bag, ignore_errors=True)
    try:
        cat.residence(RESIDENCE)
    except ClearError:
        return
    report = export_bag(cat, settings, bag, residence=RESIDENCE)
    say(f"Deposit (BagIt) of {RESIDENCE}: {bag} ({report.items} recording(s), "
        f"{report.left_out} not cleared left out)")
    done = backup(cat, settings, str(folder / "sauvegarde"))
    say(f"Backup: {done.where} ({len(done.sent)} file(s) sent)")
