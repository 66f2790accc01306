"""The ``yearline`` command line (ARCHITECTURE.md section 5).

Configuration comes from the environment (``webapp.config.from_env``). Every error is one line on
stderr, ``yearline: error: ...``, with a non-zero exit status and no traceback. Writes commit once,
at the end of the command.
"""

from __future__ import annotations

import atexit
import gc
import getpass
import importlib
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

import archive
from comparison.structure import ParseError
from comparison.years import MAX_YEAR, MIN_YEAR

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

BINARY_FORMATS = {"xlsx", "docx"}
# Commands that live in their own modules (issues 10, 11, 13), imported only when one of them is
# run or listed, so that `yearline diff` does not import SQLAlchemy, the job queue or backups.
# tests/test_docs.py checks that this table names every command those modules register.
SUBCOMMANDS: dict[str, str] = {
    **dict.fromkeys(("worker", "warm", "jobs", "cache", "verify"), "webapp.cli_ops"),
    **dict.fromkeys(("dump", "restore"), "webapp.cli_backup"),
    **dict.fromkeys(("blame", "terms", "programmes", "promises"), "webapp.cli_history"),
    **dict.fromkeys(("review", "decisions", "withdraw"), "webapp.cli_review"),
    "token": "webapp.cli_tokens",
}
YEAR = click.IntRange(MIN_YEAR, MAX_YEAR)  # the one year range (comparison.years)
_NO_ARGS_IS_HELP: type[click.UsageError] = getattr(
    click.exceptions, "NoArgsIsHelpError", type("_Never", (click.UsageError,), {})
)


class CliError(Exception):
    """A one-line error for the user."""


def _dumps(data: Any) -> str:
    from webapp.jsonout import dumps  # json.dumps(data, ensure_ascii=False, indent=2), faster

    return dumps(data)


def _config() -> dict[str, Any]:
    from webapp.config import from_env

    return from_env()


@contextmanager
def _archive() -> Iterator[tuple[Session, Any]]:
    from archive.objectstore import open_blob_store

    cfg = _config()
    engine = archive.make_engine(cfg["DATABASE_URL"])
    try:
        with archive.session_factory(engine)() as session:
            yield session, open_blob_store(cfg.get("BLOB_URL"), cfg["DATA_DIR"])
    finally:
        engine.dispose()


def _cli_user() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _read(path: str) -> bytes:
    return Path(path).read_bytes()


def _emit(data: bytes, fmt: str, output: str | None) -> None:
    """Write rendered output to ``output`` or stdout (binary formats only to a file)."""
    if output:
        Path(output).write_bytes(data)
        return
    if fmt in BINARY_FORMATS:
        raise CliError(f"{fmt} is a binary format: write it to a file with -o FILE")
    click.echo(data.decode("utf-8"), nl=not data.endswith(b"\n"))


def _sqlalchemy_error(exc: BaseException, *names: str) -> bool:
    """Whether ``exc`` is one of SQLAlchemy's ``names`` errors (never, if it was not imported)."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    return sa_exc is not None and isinstance(exc, tuple(getattr(sa_exc, n) for n in names))


def _one_line(exc: BaseException) -> str:
    if _sqlalchemy_error(exc, "OperationalError", "ProgrammingError"):
        text = str(getattr(exc, "orig", exc)) or type(exc).__name__
        if "no such table" in text or ("does not exist" in text and "relation" in text):
            return "the database is not initialised: run `yearline init`"
        return f"database error: {text.splitlines()[0]}"
    if isinstance(exc, OSError) and exc.strerror:
        name = f"{exc.filename}: " if exc.filename else ""
        return f"{name}{exc.strerror}"
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


class _Group(click.Group):
    """Turns every failure into ``yearline: error: <one line>`` and an exit status."""

    def main(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs["standalone_mode"] = False
        kwargs.setdefault("prog_name", "yearline")
        try:
            rv = super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except BrokenPipeError:  # `yearline ... | head`: the reader left, nothing to report
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except _NO_ARGS_IS_HELP as exc:  # bare `yearline`: show the help, not an error
            click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
            sys.exit(0)
        except click.exceptions.Abort:
            _fail("aborted", 1)
        except click.ClickException as exc:
            _fail(exc.format_message().splitlines()[0], exc.exit_code)
        except (
            CliError,
            archive.ArchiveError,
            ParseError,
            OSError,
            ValueError,
            LookupError,
            NotImplementedError,
        ) as exc:
            _fail(_one_line(exc), 1)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except Exception as exc:
            if not _sqlalchemy_error(exc, "SQLAlchemyError"):
                raise
            _fail(_one_line(exc), 1)
        sys.exit(rv if isinstance(rv, int) else 0)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in SUBCOMMANDS:
            importlib.import_module(SUBCOMMANDS[cmd_name])
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        for module in dict.fromkeys(SUBCOMMANDS.values()):
            importlib.import_module(module)
        return super().list_commands(ctx)


def _fail(message: str, code: int) -> None:
    click.echo(f"yearline: error: {message}", err=True)
    sys.exit(code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Yearline: archive annual policy plans and compare them year by year."""


def _format_option(*choices: str, default: str = "json") -> Any:
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=default, show_default=True
    )


def _output_option() -> Any:
    return click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE.")


def _lang_option() -> Any:
    return click.option(
        "--lang",
        type=click.Choice(("zh", "en")),
        default=None,
        help="Language of the report's headers, sheet names and summary (default: the plans'; "
        "the JSON never changes).",
    )


@main.command("parse")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@_format_option("json", "text")
def parse_cmd(file: str, fmt: str) -> None:
    """Parse FILE and print its PlanDocument (no archive is touched)."""
    preview = archive.preview_upload(_read(file), filename=file)
    doc = preview.document
    if fmt == "json":
        click.echo(_dumps(doc.to_dict()))
        return
    click.echo(f"{doc.title or '(untitled)'} · {doc.year or '?'} · {doc.language}")
    click.echo(
        f"{preview.encoding or preview.media_type} · {preview.units} units, {preview.items} items"
    )
    sep = "、" if doc.language == "zh" else ", "
    for u in doc.units:
        head = f"{u.label} " if u.label else ""
        body = u.title or u.text[:60]
        leads = f"  [{sep.join(u.lead_units)}]" if u.lead_units else ""
        leads += f" +[{sep.join(u.support_units)}]" if u.support_units else ""
        leads += f" ({u.due})" if u.due else ""
        click.echo(f"{'  ' * (u.level - 1)}{u.kind.value[0]} {u.key}: {head}{body}{leads}")
    for w in doc.warnings:
        click.echo(f"warning: {w}")


@main.command("diff")
@click.argument("file_a", type=click.Path(exists=True, dir_okay=False))
@click.argument("file_b", type=click.Path(exists=True, dir_okay=False))
@_format_option("json", "md", "text")
@_output_option()
@_lang_option()
def diff_cmd(file_a: str, file_b: str, fmt: str, output: str | None, lang: str | None) -> None:
    """Parse two files and compare them (no archive is touched)."""
    import dataclasses

    import comparison

    with _without_cycle_collection():
        a = archive.preview_upload(_read(file_a), filename=file_a)
        b = archive.preview_upload(_read(file_b), filename=file_b)
        result = dataclasses.replace(
            comparison.compare(a.document, b.document),
            info_a={"filename": a.filename, "sha256": a.sha256},
            info_b={"filename": b.filename, "sha256": b.sha256},
        )
        data = _render_comparison(result, fmt, lang=lang)
    _emit(data, fmt, output)


_FREEZE_AT_EXIT = False


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Run a one-shot comparison with Python's cyclic garbage collector paused (re-enabled
    after, for callers in a longer-lived process such as the tests).

    The engine allocates hundreds of thousands of long-lived tuples and arrays and frees almost
    nothing until it is done, so the collector's generational scans find nothing to free
    (measured on the two 1,000-item benchmark plans: 440 collections, under 700 objects freed
    in the whole run, 0.15 s of about 1.7 s CPU; 10,000 items: 4,549 collections, ~1.5 s).
    Reference counting still frees everything that is not in a cycle.

    The interpreter's shutdown would then scan the whole heap once more (~0.09 s after the
    1,000-item diff): at exit the heap is frozen first (``gc.freeze``), which leaves ~0.03 s.
    """
    global _FREEZE_AT_EXIT
    if not _FREEZE_AT_EXIT:
        atexit.register(gc.freeze)  # runs before the final collection; the process is ending
        _FREEZE_AT_EXIT = True
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _render_comparison(
    result: Any, fmt: str, info: dict[str, Any] | None = None, lang: str | None = None
) -> bytes:
    if fmt == "json":
        return (_dumps(result.to_dict()) + "\n").encode()
    from webapp.exports import render_comparison  # lazily: openpyxl/docx cost start-up time

    data: bytes = render_comparison(result, fmt, info=info, lang=lang)
    return data


@main.command("init")
def init_cmd() -> None:
    """Create or upgrade the database (alembic upgrade head)."""
    cfg = _config()
    archive.upgrade_database(cfg["DATABASE_URL"])
    from archive.jobs import ensure_queue_schema

    if ensure_queue_schema(cfg["DATABASE_URL"]):
        click.echo("job queue tables created (procrastinate)")
    if not cfg.get("BLOB_URL"):
        Path(cfg["DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    from sqlalchemy.engine import make_url

    shown = make_url(archive.db.normalise_url(cfg["DATABASE_URL"])).render_as_string(
        hide_password=True
    )
    click.echo(f"database ready: {shown}")


@main.command("demo")
@_format_option("json", "text", default="text")
def demo_cmd(fmt: str) -> None:
    """Load the bundled demo archive (idempotent), with a progress bar."""
    from archive.jobs import warm_series
    from webapp.cli_ops import progress_bar

    with _archive() as (session, store):
        with progress_bar("demo") as bar:
            results = archive.load_demo(session, store, progress=bar)
        session.commit()
        # Warm the disposable caches (consecutive comparisons and each series' timeline) so the
        # first visitor of a freshly loaded demo does not wait for them; a no-op when warm.
        sessions = archive.session_factory(session.get_bind())  # type: ignore[arg-type]
        with progress_bar("warm") as bar:
            for slug in sorted({r.series for r in results}):
                warm_series(sessions, slug, consecutive=True, progress=bar)
    if fmt == "json":
        click.echo(_dumps([r.as_dict() for r in results]))
        return
    created = [r for r in results if r.created]
    series = sorted({r.series for r in results})
    click.echo(
        f"demo archive: {len(results)} documents in {len(series)} series, {len(created)} new"
    )


@main.command("import")
@click.argument("file", type=click.Path(exists=True))
@click.option("--series", required=True, help="Series slug, e.g. cn-national-gwr.")
@click.option("--year", type=YEAR, help="Required for a FILE; a folder's "
              "years come from each file's name or text.")  # fmt: skip
@click.option("--title", default=None)
@click.option("--note", default=None)
@_format_option("json", "text")
def import_cmd(
    file: str, series: str, year: int | None, title: str | None, note: str | None, fmt: str
) -> None:
    """Archive FILE as a new version of SERIES/YEAR (identical bytes: no new version), or every
    plan in the folder FILE (all or nothing). Comparing the new years with the other years is
    queued for the workers on PostgreSQL (`yearline warm SERIES` does it here on SQLite)."""
    from webapp.cli_import import import_folder, queue_after_import

    if Path(file).is_dir():
        results = import_folder(file, series=series, note=note, user=_cli_user())
        queue_after_import(series, results, quiet=fmt == "json")
        if fmt == "json":
            click.echo(_dumps([r.as_dict() for r in results]))
            return
        for r in results:
            verb = "imported" if r.created else "unchanged (identical bytes)"
            click.echo(f"{r.series}/{r.year} version {r.version} {verb}: {r.units} units")
        return
    if year is None:
        raise CliError("--year is required when importing one file")
    data = _read(file)
    with _archive() as (session, store):
        result = archive.import_version(
            session,
            store,
            series=series,
            year=year,
            data=data,
            filename=file,
            title=title,
            note=note,
            user=_cli_user(),
            max_bytes=_config()["MAX_UPLOAD_BYTES"],
        )
        session.commit()
    queue_after_import(series, [result], quiet=fmt == "json")
    if fmt == "json":
        click.echo(_dumps(result.as_dict()))
        return
    verb = "imported" if result.created else "unchanged (identical bytes)"
    click.echo(
        f"{result.series}/{result.year} version {result.version} {verb}: "
        f"{result.units} units, {result.items} items, sha256 {result.sha256[:12]}"
    )


@main.command("list")
@click.argument("series", required=False)
@_format_option("json", "text")
def list_cmd(series: str | None, fmt: str) -> None:
    """List the series (or one SERIES) with their years and current versions."""
    with _archive() as (session, _store):
        infos = [archive.get_series(session, series)] if series else archive.list_series(session)
    if fmt == "json":
        click.echo(_dumps([i.as_dict() for i in infos]))
        return
    for info in infos:
        click.echo(f"{info.slug}  {info.title}")
        for y in info.years:
            current = f"v{y.current_version}" if y.current_version else "withdrawn"
            click.echo(f"  {y.year}  {current}  ({y.versions} version(s))")


@main.command("compare")
@click.argument("series")
@click.argument("year_a", type=YEAR)
@click.argument("year_b", type=YEAR)
@_format_option("json", "md", "text", "csv", "xlsx", "docx", "html")
@_output_option()
@_lang_option()
def compare_cmd(
    series: str, year_a: int, year_b: int, fmt: str, output: str | None, lang: str | None
) -> None:
    """Compare two years of SERIES (their current versions)."""
    with _archive() as (session, _store):
        title = archive.get_series(session, series).title
        result = archive.get_comparison(session, series=series, year_a=year_a, year_b=year_b)
        data = _render_comparison(result, fmt, {"series_title": title}, lang)
        if output:
            archive.record_audit(
                session,
                action="export",
                user=_cli_user(),
                target=f"{series}/{year_a}..{year_b}.{fmt}",
            )
        session.commit()  # keeps the cached comparison
    _emit(data, fmt, output)


@main.command("timeline")
@click.argument("series")
@_format_option("json", "xlsx", "html")
@_output_option()
@_lang_option()
def timeline_cmd(series: str, fmt: str, output: str | None, lang: str | None) -> None:
    """Follow every initiative of SERIES across its years."""
    with _archive() as (session, _store):
        timeline = archive.get_timeline(session, series=series)
        if fmt == "json":
            data = (_dumps(timeline.to_dict()) + "\n").encode()
        else:
            from webapp.exports import render_archived_timeline

            data = render_archived_timeline(session, series, timeline, fmt, lang=lang)
        session.commit()
    _emit(data, fmt, output)


@main.group("user")
def user_group() -> None:
    """Manage users."""


@user_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(archive.ROLES), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def user_add_cmd(name: str, role: str, password_stdin: bool) -> None:
    """Create user NAME (the password is prompted twice, hidden)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _archive() as (session, _store):
        archive.create_user(session, name=name, password=password, role=role)
        session.commit()
    click.echo(f"user {name} created ({role})")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256))
@click.option(
    "--access-log/--no-access-log",
    default=True,
    show_default=True,
    help="One line per request on stderr.",
)
def serve_cmd(host: str, port: int, threads: int, access_log: bool) -> None:
    """Serve the web app with waitress (production WSGI server)."""
    import waitress

    from webapp import create_app
    from webapp.accesslog import AccessLog, to_stderr

    click.echo(f"Yearline on http://{host}:{port}/")
    app: Any = create_app()
    # compile every page template now, so that no reader's first view pays for it (~0.1-0.3 s)
    for name in app.jinja_env.list_templates(extensions=["html"]):
        app.jinja_env.get_template(name)
    from webapp.warmup import warm_up

    warm_up(app, on_error=lambda message: click.echo(f"yearline: warning: {message}", err=True))
    from webapp.db import start_jobs

    start_jobs(app)  # SQLite: take over the jobs a stopped server left behind, then keep watch
    if access_log:
        app = AccessLog(app, to_stderr())
    # SIGTERM (systemd, a container's stop, `kill`) ends the server the way Ctrl-C does: waitress
    # then lets the requests in flight finish -- and write their access-log line -- before exiting,
    # instead of dying mid-response.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    waitress.serve(app, host=host, port=port, threads=threads)


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(0)


@main.command("targets")
@click.argument("source", metavar="FILE|SERIES")
@_format_option("json", "csv", "xlsx", "md")
@_output_option()
@_lang_option()
def targets_cmd(source: str, fmt: str, output: str | None, lang: str | None) -> None:
    """Quantitative targets and outcomes of FILE (no archive) or of every year of SERIES."""
    from webapp.exports.targets import render_file_targets, render_series_targets

    if Path(source).is_file():
        from comparison.targets import extract

        doc = archive.preview_upload(_read(source), filename=source).document
        data = render_file_targets(extract(doc).to_dict(), fmt)
    else:
        from archive.targets import get_series_targets

        with _archive() as (session, _store):
            data = render_series_targets(get_series_targets(session, series=source), fmt, lang)
    _emit(data, fmt, output)


if __name__ == "__main__":  # `python -m webapp.cli`: the module the commands registered on
    from webapp.cli import main as _main

    _main()
