"""``yearline blame``, ``terms``, ``programmes`` and ``promises``: how wording travels through a
series (registered on the ``yearline`` group by :mod:`webapp.cli`)."""

from __future__ import annotations

import click

import archive
from webapp.cli import _archive, _dumps, _emit, _format_option, _output_option, main
from webapp.history_render import (
    blame_markdown,
    programmes_csv,
    terms_csv,
    terms_payload,
)


@main.command("blame")
@click.argument("series")
@click.argument("year", type=int)
@_format_option("json", "md")
@_output_option()
def blame_cmd(series: str, year: int, fmt: str, output: str | None) -> None:
    """Every unit of SERIES/YEAR in spans, each with the year its wording first appeared."""
    with _archive() as (session, _store):
        result = archive.get_blame(session, series=series, year=year)
        doc = archive.get_plan(session, series=series, year=year).document
    if fmt == "json":
        data = _dumps(result.to_dict(series)) + "\n"
    else:
        data = blame_markdown(series, doc, result)
    _emit(data.encode(), fmt, output)


@main.command("terms")
@click.argument("series")
@click.option("--term", "terms", multiple=True, help="A term to count (repeatable).")
@_format_option("json", "csv")
@_output_option()
def terms_cmd(series: str, terms: tuple[str, ...], fmt: str, output: str | None) -> None:
    """Counts of each --term in every year of SERIES; without --term, each year's emerging and
    fading terms."""
    if any(not t.strip() for t in terms):
        raise click.BadParameter("a --term may not be empty", param_hint="--term")
    with _archive() as (session, _store):
        payload = terms_payload(session, series, list(terms))
    data = _dumps(payload) + "\n" if fmt == "json" else terms_csv(payload)
    _emit(data.encode(), fmt, output)


@main.command("programmes")
@click.argument("series")
@_format_option("json", "csv")
@_output_option()
def programmes_cmd(series: str, fmt: str, output: str | None) -> None:
    """Named programmes, quoted slogans and cited documents of SERIES, with their years."""
    with _archive() as (session, _store):
        found = archive.get_programmes(session, series=series)
    if fmt == "json":
        data = _dumps({"series": series, "programmes": [p.to_dict() for p in found]}) + "\n"
    else:
        data = programmes_csv(found)
    _emit(data.encode(), fmt, output)


@main.command("promises")
@click.argument("series")
@_format_option("json")
@_output_option()
def promises_cmd(series: str, fmt: str, output: str | None) -> None:
    """Commitments of SERIES repeated nearly verbatim for three years or more."""
    with _archive() as (session, _store):
        found = archive.get_promises(session, series=series)
    data = _dumps({"series": series, "promises": [p.to_dict() for p in found]}) + "\n"
    _emit(data.encode(), fmt, output)
