"""The command modules, each adding its commands to the ``clea`` group."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    from pipeline.cli import bilan, build, catalogue, items, publish, serve, users, verify, web

    for module in (catalogue, items, verify, build, publish, serve, users, web, bilan):
        for command in module.COMMANDS:
            if command.name not in group.commands:
                group.add_command(command)
