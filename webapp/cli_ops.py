"""Operating commands of ``yearline`` (issue 11): the job queue, the caches, fixity, backups.

``worker``, ``warm``, ``jobs``, ``cache``, ``verify``, ``dump``, ``restore``. Registered on the
``yearline`` group by webapp/cli.py (this module only adds commands to it).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click
import sqlalchemy as sa

import archive
import webapp.cli as cli
from archive import jobs
from archive import models as m


class Bar:
    """A progress bar on stderr fed with ``(done, total, message)``; a new total starts a new
    bar (a job over several series). Off a terminal it prints nothing."""

    def __init__(self, label: str = "") -> None:
        self.label = label
        self.shown = _interactive()
        self._bar: Any = None
        self._total = -1
        self._done = 0

    def __call__(self, done: int, total: int, message: str) -> None:
        if not self.shown:
            return
        if total != self._total or done < self._done:
            self.close()
            self._bar = click.progressbar(
                length=max(total, 1), label=self.label, file=sys.stderr, show_pos=True
            )
            self._bar.__enter__()
            self._total, self._done = total, 0
        self._bar.label = f"{self.label} {message}".strip()[:60]
        self._bar.update(done - self._done)
        self._done = done

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def _interactive() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def progress_bar(label: str = "") -> Iterator[Bar]:
    bar = Bar(label)
    try:
        yield bar
    finally:
        bar.close()


def cli_queue(session_maker: Any) -> jobs.JobQueue:
    """The CLI's queue: procrastinate on PostgreSQL; on SQLite the command itself runs the job."""
    cfg = cli._config()
    mode = cfg.get("JOBS", "auto")
    if mode in ("auto", "thread") and not jobs.is_postgres(cfg["DATABASE_URL"]):
        mode = "inline"  # a CLI process ends with its command: a thread would be cut short
    from archive.objectstore import area, open_blob_store
    from webapp.db import job_tasks

    exports = area(open_blob_store(cfg.get("BLOB_URL"), cfg["DATA_DIR"]), "exports")
    return jobs.JobQueue(cfg["DATABASE_URL"], session_maker, mode=mode, tasks=job_tasks(exports))


@contextmanager
def _sessions() -> Iterator[Any]:
    cfg = cli._config()
    engine = archive.make_engine(cfg["DATABASE_URL"])
    try:
        yield archive.session_factory(engine)
    finally:
        engine.dispose()


def queue_warm(
    session_maker: Any, slugs: list[str], *, year: int | None = None, bar: Bar | None = None
) -> tuple[jobs.JobQueue, list[int]]:
    """One warm job per series (so several workers share them); returns the queue and job ids."""
    queue = cli_queue(session_maker)
    ids = []
    try:
        for slug in slugs:
            args: dict[str, Any] = {"series": slug}
            if year is not None:
                args["year"] = year
            lock = f"warm:{slug}" if year is None else f"warm:{slug}:{year}"
            ids.append(queue.submit("warm", args, label=slug, lock=lock, progress=bar))
    finally:
        queue.close()
    return queue, ids


@cli.main.command("worker")
@click.option("--concurrency", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--heartbeat", default=10.0, show_default=True, type=click.FloatRange(0.1, 600),
              help="Seconds between this worker's heartbeats.")  # fmt: skip
@click.option("--stalled-after", default=30.0, show_default=True,
              type=click.FloatRange(0.5, 3600),
              help="A job whose worker sent no heartbeat for this long is run again.")  # fmt: skip
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_cmd(concurrency: int, heartbeat: float, stalled_after: float, burst: bool) -> None:
    """Run queued jobs (PostgreSQL queue); start one per core on as many machines as you like."""
    import logging

    cfg = cli._config()
    url = cfg["DATABASE_URL"]
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    logging.getLogger("procrastinate").setLevel(logging.WARNING)
    if jobs.is_postgres(url):
        jobs.ensure_queue_schema(url)

    def started() -> None:
        click.echo(f"yearline worker: {concurrency} at a time, waiting for jobs", err=True)

    from archive.objectstore import area, open_blob_store
    from webapp.db import job_tasks

    exports = area(open_blob_store(cfg.get("BLOB_URL"), cfg["DATA_DIR"]), "exports")
    jobs.run_worker(
        url,
        tasks=job_tasks(exports),
        concurrency=concurrency,
        heartbeat=heartbeat,
        stalled_after=stalled_after,
        burst=burst,
        on_start=started,
    )


@cli.main.command("warm")
@click.argument("series", required=False)
@cli._format_option("json", "text", default="text")
def warm_cmd(series: str | None, fmt: str) -> None:
    """Compare every pair of years not yet cached and build the timeline, for SERIES or every
    series (after an engine upgrade: everything). Queued for the workers on PostgreSQL; run here,
    with a progress bar, on SQLite."""
    with _sessions() as maker:
        with maker() as session:
            slugs = [series] if series else [i.slug for i in archive.list_series(session)]
            if series:
                archive.get_series(session, series)  # NotFound: one clear line
        with progress_bar("warm") as bar:
            queue, ids = queue_warm(maker, slugs, bar=bar)
        with maker() as session:
            infos = [jobs.get_job(session, i) for i in ids]
    if fmt == "json":
        click.echo(cli._dumps([i.as_dict() for i in infos]))
        return
    for info in infos:
        click.echo(f"job {info.id} warm {info.label}: {info.state}")
    if queue.distributed:
        click.echo("queued: `yearline worker` processes run them; `yearline jobs` shows progress")


@cli.main.command("jobs")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@cli._format_option("json", "text", default="text")
def jobs_cmd(limit: int, fmt: str) -> None:
    """The newest jobs with their state and progress."""
    with cli._archive() as (session, _store):
        infos = jobs.list_jobs(session, limit=limit)
    if fmt == "json":
        click.echo(cli._dumps([i.as_dict() for i in infos]))
        return
    for i in infos:
        click.echo(
            f"{i.id:>6}  {i.state:<9} {i.done:>4}/{i.total:<4} {i.task} {i.label}  {i.message}"
        )


@cli.main.command("cache")
@click.argument("series", required=False)
@cli._format_option("json", "text", default="json")
def cache_cmd(series: str | None, fmt: str) -> None:
    """How much of each series' comparisons and timeline is cached for this engine version."""
    with cli._archive() as (session, _store):
        report = jobs.cache_report(session, series)
    if fmt == "json":
        click.echo(cli._dumps([r.as_dict() for r in report]))
        return
    for r in report:
        timeline = "timeline cached" if r.timeline_cached else "timeline not cached"
        click.echo(f"{r.series}: {r.cached_pairs}/{r.pairs} pairs, {timeline}")


def _references(session: Any) -> dict[str, list[dict[str, Any]]]:
    refs: dict[str, list[dict[str, Any]]] = {}
    rows = session.execute(
        sa.select(
            m.PlanVersion.sha256,
            m.Series.slug,
            m.Plan.year,
            m.PlanVersion.number,
            m.PlanVersion.filename,
        )
        .join(m.Plan, m.Plan.id == m.PlanVersion.plan_id)
        .join(m.Series, m.Series.id == m.Plan.series_id)
        .order_by(m.Series.slug, m.Plan.year, m.PlanVersion.number)
    )
    for sha, slug, year, number, filename in rows:
        refs.setdefault(sha, []).append(
            {"series": slug, "year": year, "version": number, "filename": filename}
        )
    return refs


@cli.main.command("verify")
@cli._format_option("json", "text", default="text")
def verify_cmd(fmt: str) -> None:
    """Re-hash every original in the blob store (file or S3); exit 1 if any is missing or
    corrupt."""
    from archive.objectstore import describe

    with cli._archive() as (session, store):
        report = archive.verify_fixity(session, store)
        refs = _references(session)
    problems = {
        "missing": [{"sha256": s, "versions": refs.get(s, [])} for s in report.missing],
        "corrupt": [{"sha256": s, "versions": refs.get(s, [])} for s in report.corrupt],
    }
    if fmt == "json":
        click.echo(
            cli._dumps(
                {
                    "store": describe(store),
                    "checked": report.checked,
                    "ok": report.ok,
                    **problems,
                    "unreferenced": list(report.unreferenced),
                }
            )
        )
    else:
        click.echo(f"{describe(store)}: {report.checked} originals checked")
        for kind, entries in problems.items():
            for e in entries:
                where = ", ".join(
                    f"{v['series']}/{v['year']} v{v['version']}" for v in e["versions"]
                )
                click.echo(f"{kind}: {e['sha256']} ({where})")
        if report.unreferenced:
            click.echo(f"{len(report.unreferenced)} stored blobs no version references")
        click.echo("all originals intact" if report.ok else "FIXITY FAILURE")
    if not report.ok:
        sys.exit(1)
