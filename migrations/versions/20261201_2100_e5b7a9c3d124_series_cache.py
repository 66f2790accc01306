"""series_cache: results derived from a series' current versions (its targets, its term
changes) kept like the timeline, so a series page's first view in a new process reads them
instead of computing them.

Revision ID: e5b7a9c3d124
Revises: d81f4b6c2e93
Create Date: 2026-12-01 21:00:00+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "e5b7a9c3d124"
down_revision = "d81f4b6c2e93"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "series_cache",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("versions_key", sa.Text(), nullable=False),
        sa.Column("engine_version", sa.String(length=40), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["series_id"], ["series.id"], name=op.f("fk_series_cache_series_id_series")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_series_cache")),
        sa.UniqueConstraint(
            "series_id",
            "kind",
            "versions_key",
            "engine_version",
            "code",
            name="uq_series_cache_series_kind_versions_engine_code",
        ),
    )
    op.create_index(op.f("ix_series_cache_series_id"), "series_cache", ["series_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_series_cache_series_id"), table_name="series_cache")
    op.drop_table("series_cache")
