"""export_files: finished series exports (timeline workbook, term trends, programmes, targets)
kept in the blob store and keyed by what they were made from, so a large export is computed once,
by a job, and then served at once.

Revision ID: d81f4b6c2e93
Revises: c3a8d5e1f702
Create Date: 2026-12-01 13:00:00+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "d81f4b6c2e93"
down_revision = "c3a8d5e1f702"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "export_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("fmt", sa.String(length=10), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("media_type", sa.String(length=120), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("engine_version", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["series_id"], ["series.id"], name=op.f("fk_export_files_series_id_series")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_files")),
        sa.UniqueConstraint("key", name=op.f("uq_export_files_key")),
    )
    op.create_index(op.f("ix_export_files_series_id"), "export_files", ["series_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_export_files_series_id"), table_name="export_files")
    op.drop_table("export_files")
