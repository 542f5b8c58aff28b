"""The command modules, each adding its commands to the ``clea`` group."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    from pipeline.cli import (
        bilan,
        build,
        catalogue,
        doctor,
        items,
        preserve,
        publish,
        serve,
        stats,
        users,
        verify,
        web,
    )

    # preserve before items: its `import` group keeps `clea import SHEET` and adds `import bag`.
    for module in (catalogue, preserve, items, verify, build, publish, doctor, serve, users, web,
                   stats, bilan):
        for command in module.COMMANDS:
            if command.name not in group.commands:
                group.add_command(command)
