"""``yearline dump DIR`` and ``yearline restore DIR`` (archive/backup.py)."""

from __future__ import annotations

import click

import archive
import webapp.cli as cli
from archive.backup import dump_archive, restore_archive


@cli.main.command("dump")
@click.argument("directory", type=click.Path(file_okay=False))
@cli._format_option("json", "text", default="text")
def dump_cmd(directory: str, fmt: str) -> None:
    """Write the whole archive (series, versions and their originals, users without secrets,
    audit events, analysts' decisions) to the new folder DIRECTORY, with a SHA-256 manifest."""
    with cli._archive() as (session, store):
        summary = dump_archive(session, store, directory)
    if fmt == "json":
        click.echo(cli._dumps(summary.as_dict()))
        return
    rows = sum(summary.tables.values())
    click.echo(f"dumped {rows} rows of {len(summary.tables)} tables and {summary.blobs} "
               f"originals to {directory}")  # fmt: skip


@cli.main.command("restore")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@cli._format_option("json", "text", default="text")
def restore_cmd(directory: str, fmt: str) -> None:
    """Rebuild the archive from the dump DIRECTORY into this empty, initialised database (every
    file's SHA-256 is checked first; a corrupt or incomplete dump is refused, nothing written).
    Users come back without passwords: give them new ones."""
    with cli._archive() as (session, store):
        summary = restore_archive(session, store, directory)
        session.commit()
    if fmt == "json":
        click.echo(cli._dumps(summary.as_dict()))
        return
    rows = sum(summary.tables.values())
    click.echo(f"restored {rows} rows of {len(summary.tables)} tables and {summary.blobs} "
               "originals; run `yearline warm` to rebuild the comparison caches")  # fmt: skip


@cli.user_group.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def user_passwd_cmd(name: str, password_stdin: bool) -> None:
    """Give user NAME a new password (after a restore, users have none)."""
    import sys

    from archive.users import hash_password

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        raise cli.CliError("the password must have at least 8 characters")
    with cli._archive() as (session, _store):
        user = archive.get_user(session, name=name)
        user.password_hash = hash_password(password)
        archive.record_audit(session, action="user.passwd", user=cli._cli_user(), target=name)
        session.commit()
    click.echo(f"password of {name} changed")
