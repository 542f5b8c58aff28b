"""Helpers to prove an archive is exactly as it was: files and rows."""

from __future__ import annotations

import hashlib
import sqlite3
import struct
import zipfile
from pathlib import Path

import pytest


def snapshot(folder: Path) -> dict:
    """Every file of the store (with its hash) and every row of every table."""
    files = {}
    for path in sorted((folder / "originals").rglob("*")):
        if path.is_file():
            files[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    conn = sqlite3.connect(folder / "catalogue.sqlite")
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    rows = {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}"))) for t in tables}
    conn.close()
    return {"files": files, "rows": rows}


@pytest.fixture
def bad_files(tmp_path, media) -> dict[str, Path]:
    """Files that must each be refused, named as a careless user would name them."""
    d = tmp_path / "bad"
    d.mkdir()
    mp3 = media.tone(3, fmt="mp3")
    wav = media.tone(3)

    def write(name: str, data: bytes) -> Path:
        (d / name).write_bytes(data)
        return d / name

    out = {
        "empty": write("vide.mp3", b""),
        "text": write("notes.mp3", b"Ceci n'est pas un enregistrement.\n" * 50),
        "random": write("bruit.wav", hashlib.sha256(b"x").digest() * 4000),
        "image": media.copy(media.image(64), d, "photo.mp3"),
        "pdf": write("affiche.mp4", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" * 20),
        "id3-only": write("tag.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x15TIT2\x00\x00\x00\x0b"
                          b"\x00\x00\x03Bonjour !!" + b"\x00" * 10),
        "mp3-head": write("debut.mp3", mp3.read_bytes()[:400]),
        "folder": d / "dossier.mp3",
        "missing": d / "absent.mp3",
    }
    out["folder"].mkdir()
    header = wav.read_bytes()
    fmt = struct.pack("<4sIHHIIHH", b"fmt ", 16, 1, 2, 44100, 176400, 4, 16)
    out["wav-no-data"] = write("sans-donnees.wav",
                               b"RIFF" + struct.pack("<I", 36) + b"WAVE" + fmt
                               + b"data" + struct.pack("<I", 0))
    pcm = header[-88200:]
    out["wav-lying-size"] = write("menteur.wav",
                                  b"RIFF" + struct.pack("<I", 36 + 10 * len(pcm)) + b"WAVE" + fmt
                                  + b"data" + struct.pack("<I", 10 * len(pcm)) + pcm)
    zpath = d / "capsule.mp4"
    with zipfile.ZipFile(zpath, "w") as z:
        z.writestr("video.txt", "pas une vidéo" * 100)
    out["zip"] = zpath
    return out
