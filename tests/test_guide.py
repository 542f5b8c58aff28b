"""The librarians' guide (docs/guide.md) works as written.

Every `clea` line of the guide names a command and options that exist, and
the everyday walkthrough ("Les commandes du quotidien") runs in order, as
typed, on a fresh archive made by the guide's own `clea init`, with real media
standing in for the librarian's files. The guide promises this: a reader who
copies its commands must never meet an unknown option or a slug that does
not exist.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest

from pipeline.cli import cli
from pipeline.cli.commands import register

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "guide.md"
WALKTHROUGH = "## Les commandes du quotidien"
# Run only where the reader would wait for them, or with a network: checked, not run.
NOT_RUN = {("serve",), ("publish",)}


def blocks(text: str, lang: str = "sh") -> list[str]:
    """The fenced blocks whose info string is ``lang`` ("" for a bare fence), in order."""
    found, current = [], None
    for line in text.splitlines(keepends=True):
        if line.startswith("```"):
            if current is None:
                current = [] if line.strip()[3:] == lang else False
            else:
                if current is not False:
                    found.append("".join(current))
                current = None
        elif isinstance(current, list):
            current.append(line)
    return found


def commands(text: str) -> list[list[str]]:
    lines = []
    for block in blocks(text):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split("  #", 1)[0].strip()
            if line.startswith("clea "):
                lines.append(shlex.split(line))
    return lines


def resolve(args: list[str]) -> tuple[click.Command, list[str]]:
    """The command an argument list names, and the words that named it."""
    register(cli)
    command: click.Command = cli
    path = []
    rest = args[1:]
    while isinstance(command, click.Group) and rest and rest[0] in command.commands:
        command = command.commands[rest[0]]
        path.append(rest.pop(0))
    return command, path


def test_every_command_of_the_guide_exists_with_its_options():
    text = GUIDE.read_text(encoding="utf-8")
    found = commands(text)
    assert len(found) > 15
    for args in found:
        command, path = resolve(args)
        assert path, f"unknown command: {' '.join(args)}"
        known = {o for p in command.params for o in getattr(p, "opts", [])}
        for word in args:
            if word.startswith("--"):
                assert word.split("=")[0] in known | {"--archive"}, f"{word} of {' '.join(args)}"


def test_the_walkthrough_runs_as_written(media, tmp_path):
    text = GUIDE.read_text(encoding="utf-8").split(WALKTHROUGH, 1)[1]
    steps = commands(text)
    sheet = blocks(text, "")[0]
    work = tmp_path / "bureau"
    work.mkdir()
    # The librarian's files: real recordings, a real transcript, the guide's sheet.
    media.copy(media.tone(4, freq=610), work, "conte.wav")
    (work / "conte.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nIl était une fois\n",
                                    encoding="utf-8")
    rows = sheet.strip().splitlines()
    for n, row in enumerate(rows[1:]):
        media.copy(media.tone(3, freq=640 + 30 * n), work, row.split(";", 1)[0])
    (work / "lot.csv").write_text(sheet.strip() + "\n", encoding="utf-8")

    env = {**os.environ, "LANG": "C.UTF-8"}
    env.pop("CLEA_ARCHIVE", None)
    outputs = {}
    for args in steps:
        command, path = resolve(args)
        if tuple(path) in NOT_RUN:
            continue
        if path == ["init"]:
            env["CLEA_ARCHIVE"] = str(work / args[2])
        done = subprocess.run([sys.executable, "-m", "pipeline", *args[1:]], cwd=work, env=env,
                              capture_output=True, text=True, timeout=300)
        expected = 1 if path == ["doctor"] else 0  # an example.org address is not ready
        assert done.returncode == expected, f"{' '.join(args)}\n{done.stderr}"
        outputs[" ".join(args)] = done
    imported = outputs["clea import lot.csv"]
    slugs = imported.stdout.split()
    assert len(slugs) == 2 and not any(re.search(r"-\d+$", slug) for slug in slugs)
    shown = outputs["clea show le-geant-et-la-bibliotheque"].stdout
    assert "le-geant-et-la-bibliotheque" in shown


@pytest.mark.parametrize("link", re.findall(r"\]\(([^)#]+)\)", GUIDE.read_text(encoding="utf-8")))
def test_the_guide_links_to_files_that_exist(link):
    if link.startswith("http"):
        return
    assert (GUIDE.parent / link).exists(), link
