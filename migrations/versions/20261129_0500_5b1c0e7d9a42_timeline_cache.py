"""Timeline cache: a series' threads for one exact set of versions, so the series page does not
rebuild 24 comparisons' worth of threads on every request.

Revision ID: 5b1c0e7d9a42
Revises: 0723a5a5db31
Create Date: 2026-11-29 05:00:00+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "5b1c0e7d9a42"
down_revision = "0723a5a5db31"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "timeline_cache",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("versions_key", sa.Text(), nullable=False),
        sa.Column("engine_version", sa.String(length=40), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["series_id"], ["series.id"], name=op.f("fk_timeline_cache_series_id_series")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timeline_cache")),
        sa.UniqueConstraint(
            "series_id",
            "versions_key",
            "engine_version",
            name=op.f("uq_timeline_cache_series_id_versions_key_engine_version"),
        ),
    )
    op.create_index(op.f("ix_timeline_cache_series_id"), "timeline_cache", ["series_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_timeline_cache_series_id"), table_name="timeline_cache")
    op.drop_table("timeline_cache")
