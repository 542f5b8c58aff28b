"""``clea user add|list|remove|passwd``: the accounts of the web interface."""

from __future__ import annotations

import sys

import click

from archive import N_, ClearError, users
from pipeline.cli.common import pass_env


def _read_password(from_stdin: bool) -> str:
    """One line from stdin (for scripts), or asked twice without echo."""
    if from_stdin:
        line = sys.stdin.readline()
        if not line.strip():
            raise ClearError(N_("no password on standard input"), code="account.no-password",
                             field="password")
        return line.rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True,
                        err=True)


@click.group("user")
def user() -> None:
    """Accounts for the web interface (`clea web`).

    \b
    A bibliothecaire adds and edits recordings; a responsable also clears,
    withdraws, builds and publishes.
    """


@user.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(list(users.ROLES)),
              help="bibliothecaire (adds and edits) or responsable (also clears and publishes).")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input.")
@pass_env
def user_add(env, name: str, role: str, password_stdin: bool) -> None:
    """Create the account NAME; the password is asked twice (at least 8 characters)."""
    env.library.add_account(name, role, lambda: _read_password(password_stdin))
    click.echo(f"Account {name} created ({role}).", err=True)


@user.command("list")
@pass_env
def user_list(env) -> None:
    """List the accounts: name, role, creation date."""
    for u in env.library.accounts():
        click.echo(f"{u.name}\t{u.role}\t{u.created_at:%Y-%m-%d}")


@user.command("remove")
@click.argument("name")
@pass_env
def user_remove(env, name: str) -> None:
    """Remove the account NAME (its past actions stay in the history)."""
    env.library.remove_account(name)
    click.echo(f"Account {name} removed.", err=True)


@user.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True,
              help="Read the new password from the first line of standard input.")
@pass_env
def user_passwd(env, name: str, password_stdin: bool) -> None:
    """Set a new password for NAME; its open sessions are logged out."""
    env.library.set_password(name, lambda: _read_password(password_stdin))
    click.echo(f"Password of {name} changed.", err=True)


COMMANDS = [user]
