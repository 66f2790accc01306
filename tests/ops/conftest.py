"""Fixtures of the operations tests: a fresh PostgreSQL database with the job queue's tables."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest

from archive import jobs

_counter = itertools.count()


@pytest.fixture
def pg_queue_url(pg_cluster, pg_template) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database with procrastinate's tables."""
    name = f"ylq_{os.getpid()}_{next(_counter)}"
    url = pg_cluster.create_database(name, template=pg_template)
    assert jobs.ensure_queue_schema(url) is True
    assert jobs.ensure_queue_schema(url) is False  # idempotent
    yield url
    pg_cluster.drop_database(name)
