"""``yearline review``, ``yearline decisions`` and ``yearline withdraw`` (issue 10).

Registered on the ``yearline`` group by :mod:`webapp.cli`. Without ``--as`` the local operator
(``cli:<login>``) acts; with ``--as USER`` that user's role is checked (editor or above).
"""

from __future__ import annotations

from typing import Any

import click
from sqlalchemy.orm import Session

import archive
from webapp.cli import CliError, _archive, _cli_user, _dumps, _format_option, main


def _actor(session: Session, name: str | None) -> archive.User | str:
    if not name:
        return _cli_user()
    user: archive.User = archive.get_user(session, name=name)
    if not user.can("editor"):
        raise archive.PermissionDenied(f"this needs the editor role; {user.name} is {user.role}")
    return user


@main.command("review")
@click.argument("series")
@click.argument("year_a", type=int)
@click.argument("year_b", type=int)
@click.argument("keys", nargs=-1)
@click.option("--confirm", is_flag=True, help="Confirm the match A_KEYS ↔ B_KEYS.")
@click.option("--reject", is_flag=True, help="A_KEYS and B_KEYS must never share a match.")
@click.option("--link", is_flag=True, help="Match A_KEYS with B_KEYS (a link, split or merge).")
@click.option(
    "--boilerplate",
    type=click.Choice(["a", "b"]),
    help="Mark unit KEY of side a (YEAR_A) or b (YEAR_B) as boilerplate.",
)
@click.option("--undo", "undo", type=int, help="Take back decision ID (it stays, marked undone).")
@click.option("--note", default="", help="Why (kept with the decision).")
@click.option("--as", "as_user", default=None, help="The user whose role is checked.")
@_format_option("json", "text", default="text")
def review_cmd(
    series: str,
    year_a: int,
    year_b: int,
    keys: tuple[str, ...],
    confirm: bool,
    reject: bool,
    link: bool,
    boilerplate: str | None,
    undo: int | None,
    note: str,
    as_user: str | None,
    fmt: str,
) -> None:
    """Record a decision on the comparison of YEAR_A and YEAR_B of SERIES.

    \b
    yearline review SERIES YEAR_A YEAR_B (--confirm|--reject|--link) A_KEYS B_KEYS
    yearline review SERIES YEAR_A YEAR_B --boilerplate a|b KEY
    yearline review SERIES YEAR_A YEAR_B --undo ID
    Keys are comma-separated unit keys (see `yearline compare ... --format json`).
    """
    flags = {"confirm": confirm, "reject": reject, "link": link}
    flags.update(boilerplate=bool(boilerplate), undo=undo is not None)
    chosen = [name for name, on in flags.items() if on]
    if len(chosen) != 1:
        raise CliError("choose one of --confirm, --reject, --link, --boilerplate a|b, --undo ID")
    with _archive() as (session, _store):
        user = _actor(session, as_user)
        if undo is not None:
            if keys:
                raise CliError("--undo takes no unit keys")
            row = archive.undo_decision(
                session, series=series, decision_id=undo, user=user, note=note
            )
        else:
            if boilerplate:
                if len(keys) != 1:
                    raise CliError("--boilerplate a|b takes one KEY (comma-separated for several)")
                a, b = (keys[0], "") if boilerplate == "a" else ("", keys[0])
            else:
                if len(keys) != 2:
                    raise CliError(f"--{chosen[0]} takes A_KEYS and B_KEYS (comma-separated)")
                a, b = keys
            proposal = archive.Proposal(
                year_a, year_b, chosen[0], tuple(a.split(",")), tuple(b.split(",")), note
            )
            row = archive.record_decision(session, series=series, proposal=proposal, user=user)
        session.commit()
        listed = {d.id: d for d in archive.list_decisions(session, series=series)}
    shown = listed.get(row.undoes_id or row.id)
    if fmt == "json":
        click.echo(_dumps(shown.as_dict() if shown else {"id": row.id}))
        return
    if row.action == "undo":
        click.echo(f"decision {row.undoes_id} undone (by decision {row.id})")
    elif shown is not None:
        click.echo(f"decision {row.id}: {_line(shown)}")


def _line(d: archive.DecisionInfo) -> str:
    ya, yb = d.years
    sides = f"{ya} {','.join(d.a) or '-'} | {yb} {','.join(d.b) or '-'}"
    note = f"  «{d.note}»" if d.note else ""
    return f"{d.action} {sides}  [{d.status}] {d.user or '?'}{note}"


@main.command("decisions")
@click.argument("series")
@_format_option("json", "text", default="text")
def decisions_cmd(series: str, fmt: str) -> None:
    """List the analysts' decisions of SERIES (stale: a text changed in a current version)."""
    with _archive() as (session, _store):
        listed = archive.list_decisions(session, series=series)
    if fmt == "json":
        click.echo(_dumps([d.as_dict() for d in listed]))
        return
    if not listed:
        click.echo(f"{series}: no decisions")
    for d in listed:
        click.echo(f"{d.id:>4}  {d.created:%Y-%m-%d %H:%M}  {_line(d)}")


@main.command("withdraw")
@click.argument("series")
@click.argument("year", type=int)
@click.argument("version", type=int)
@click.option("--reason", required=True, help="Why (shown beside the withdrawn version).")
@click.option("--as", "as_user", default=None, help="The user whose role is checked.")
@_format_option("json", "text", default="text")
def withdraw_cmd(
    series: str, year: int, version: int, reason: str, as_user: str | None, fmt: str
) -> None:
    """Withdraw VERSION of SERIES/YEAR: kept and readable, no longer current."""
    with _archive() as (session, _store):
        user = _actor(session, as_user)
        info = archive.withdraw_version(
            session, series=series, year=year, version=version, user=user, reason=reason
        )
        session.commit()
        current = archive.list_versions(session, series=series, year=year)
    now = next((v.number for v in current if v.current), None)
    if fmt == "json":
        out: dict[str, Any] = {"series": series, "year": year, **info.as_dict()}
        out["current_version"] = now
        click.echo(_dumps(out))
        return
    after = f"current version is now {now}" if now else "no current version left"
    click.echo(f"{series}/{year} version {version} withdrawn; {after}")
