"""``clea user add|list|remove|passwd``: the accounts of the web interface."""

from __future__ import annotations

import sys

import click

from archive import N_, ClearError, users
from pipeline.cli import _
from pipeline.cli.common import pass_env


def _read_password(from_stdin: bool) -> str:
    """One line from stdin (for scripts), or asked twice without echo."""
    if from_stdin:
        line = sys.stdin.readline()
        if not line.strip():
            raise ClearError(N_("no password on standard input"), code="account.no-password",
                             field="password")
        return line.rstrip("\r\n")
    return click.prompt(_("Password"), hide_input=True, confirmation_prompt=True,
                        err=True)


@click.group("user", help=_("Accounts for the web interface (`clea web`).\n\n"
                             "A bibliothecaire adds and edits recordings; a responsable also "
                             "clears, withdraws, builds and publishes."))
def user() -> None:
    pass


@user.command("add", help=_("Create the account NAME; the password is asked twice (at least "
                             "8 characters)."))
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(list(users.ROLES)),
              help=_("bibliothecaire (adds and edits) or responsable (also clears and "
                     "publishes)."))
@click.option("--password-stdin", is_flag=True,
              help=_("Read the password from the first line of standard input."))
@pass_env
def user_add(env, name: str, role: str, password_stdin: bool) -> None:
    env.library.add_account(name, role, lambda: _read_password(password_stdin))
    click.echo(_("Account {name} created ({role}).").format(name=name, role=role), err=True)


@user.command("list", help=_("List the accounts: name, role, creation date."))
@pass_env
def user_list(env) -> None:
    for u in env.library.accounts():
        click.echo(f"{u.name}\t{u.role}\t{u.created_at:%Y-%m-%d}")


@user.command("remove", help=_("Remove the account NAME (its past actions stay in the "
                                "history)."))
@click.argument("name")
@pass_env
def user_remove(env, name: str) -> None:
    env.library.remove_account(name)
    click.echo(_("Account {name} removed.").format(name=name), err=True)


@user.command("passwd", help=_("Set a new password for NAME; its open sessions are logged "
                                "out."))
@click.argument("name")
@click.option("--password-stdin", is_flag=True,
              help=_("Read the new password from the first line of standard input."))
@pass_env
def user_passwd(env, name: str, password_stdin: bool) -> None:
    env.library.set_password(name, lambda: _read_password(password_stdin))
    click.echo(_("Password of {name} changed.").format(name=name), err=True)


COMMANDS = [user]
