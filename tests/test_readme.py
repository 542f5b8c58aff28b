"""The README's command reference and `clea --help` agree, both ways."""

from __future__ import annotations

import re
from pathlib import Path

import click

from pipeline.cli import cli
from pipeline.cli.commands import register

README = Path(__file__).resolve().parent.parent / "README.md"


def command_paths() -> set[str]:
    register(cli)
    paths = set()

    def walk(group: click.Group, prefix: str) -> None:
        for name, command in group.commands.items():
            path = f"{prefix} {name}".strip()
            if isinstance(command, click.Group):
                walk(command, path)
                if command.invoke_without_command:  # `clea stats` shows figures by itself
                    paths.add(path)
            else:
                paths.add(path)

    walk(cli, "")
    return paths


def reference_block() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Command reference", 1)[1]
    return section.split("```", 2)[1]


def test_every_command_is_in_the_readme_reference():
    block = reference_block()
    missing = [p for p in sorted(command_paths()) if f"clea {p}" not in block]
    assert missing == []


def test_every_command_in_the_readme_exists():
    paths = command_paths()
    groups = {p.split()[0] for p in paths if " " in p}
    named = set()
    for match in re.finditer(r"clea ((?:[a-z]+)(?: [a-z]+)?)", reference_block()):
        words = match.group(1).split()
        named.add(" ".join(words[:2]) if words[0] in groups else words[0])
    assert named - paths == set()


def test_every_option_in_the_reference_exists():
    register(cli)
    block = reference_block()
    for line in block.splitlines():
        m = re.match(r"\s*clea ([a-z]+)(?: ([a-z]+))?", line)
        if not m or m.group(1) not in cli.commands:
            continue
        command = cli.commands[m.group(1)]
        if isinstance(command, click.Group) and m.group(2) in command.commands:
            command = command.commands[m.group(2)]
        known = {o for p in command.params for o in getattr(p, "opts", [])}
        for option in re.findall(r"(--[a-z-]+)", line.split("|")[0]):
            if option != "--archive":
                assert option in known, f"{option} of `{line.strip()}`"
