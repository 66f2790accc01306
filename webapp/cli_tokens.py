"""``yearline token list|create|revoke``: API tokens from the command line (archive/tokens.py).

Named like ``yearline user add|passwd``. The rules are the archive's: tokens are for editors and
administrators, last 1 to 365 days (90 unless ``--days``), and a revoked one stops working at once.
``create`` prints the secret alone on stdout (so ``TOKEN=$(yearline token create alice)`` works)
and what it made on stderr; the secret is never shown again.
"""

from __future__ import annotations

import click

import archive
import webapp.cli as cli
from archive.tokens import DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, TokenInfo


@cli.main.group("token")
def token_group() -> None:
    """Manage API tokens (editors and administrators only)."""


def _line(t: TokenInfo) -> str:
    used = t.last_used.strftime("%Y-%m-%d %H:%M") if t.last_used else "never used"
    status = t.status if t.revoked is None else f"revoked {t.revoked:%Y-%m-%d %H:%M}"
    label = f"  {t.label}" if t.label else ""
    return (f"{t.id:>4}  {t.user}  created {t.created:%Y-%m-%d %H:%M}  {used}  "
            f"expires {t.expires:%Y-%m-%d %H:%M}  {status}{label}")  # fmt: skip


@token_group.command("list")
@click.option("--user", "user_name", default=None, help="Only this user's tokens.")
@cli._format_option("json", "text", default="text")
def token_list_cmd(user_name: str | None, fmt: str) -> None:
    """Every API token (or one --user's), oldest first, with its status (active, expired,
    revoked); never a secret. Times are UTC."""
    with cli._archive() as (session, _store):
        tokens = archive.list_api_tokens(session, user=user_name)
    if fmt == "json":
        click.echo(cli._dumps([t.as_dict() for t in tokens]))
        return
    if not tokens:
        click.echo("no API tokens")
    for t in tokens:
        click.echo(_line(t))


@token_group.command("create")
@click.argument("name")
@click.option(
    "--days",
    type=click.IntRange(1, MAX_TOKEN_DAYS),
    default=DEFAULT_TOKEN_DAYS,
    show_default=True,
    help="How long the token works.",
)
@click.option("--label", default="", help="What the token is for (shown in the listings).")
@cli._format_option("json", "text", default="text")
def token_create_cmd(name: str, days: int, label: str, fmt: str) -> None:
    """Create an API token for user NAME (an editor or administrator) and print it once."""
    with cli._archive() as (session, _store):
        user = archive.get_user(session, name=name)
        info, secret = archive.issue_api_token(
            session, user=user, days=days, label=label, by=cli._cli_user()
        )
        session.commit()
    if fmt == "json":
        click.echo(cli._dumps({**info.as_dict(), "token": secret}))
        return
    click.echo(secret)
    click.echo(f"token {info.id} for {info.user} created, expires {info.expires:%Y-%m-%d %H:%M} "
               "UTC; it is not shown again", err=True)  # fmt: skip


@token_group.command("revoke")
@click.argument("token_id", metavar="ID", type=click.IntRange(1, 2**31 - 1))
def token_revoke_cmd(token_id: int) -> None:
    """Revoke API token ID (see `yearline token list`): it stops working at once."""
    with cli._archive() as (session, _store):
        info, changed = archive.revoke_api_token(session, token_id=token_id, by=cli._cli_user())
        session.commit()
    state = "revoked" if changed else "was already revoked"
    click.echo(f"token {info.id} of {info.user} {state}")
