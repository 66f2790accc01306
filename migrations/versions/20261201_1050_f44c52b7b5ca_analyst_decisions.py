"""Analysts' decisions (issue 10): the append-only ``decisions`` table, and the fingerprint of
the decisions applied as part of the comparison and timeline cache keys.

Revision ID: f44c52b7b5ca
Revises: 0579cfa07e6a
Create Date: 2026-12-01 10:50:00+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "f44c52b7b5ca"
down_revision = "0579cfa07e6a"
branch_labels = None
depends_on = None

CACHES = (
    (
        "comparison_cache",
        ["version_a_id", "version_b_id", "engine_version"],
        "uq_comparison_cache_version_a_id_version_b_id_engine_version",
        "uq_comparison_cache_versions_engine_decisions",
    ),
    (
        "timeline_cache",
        ["series_id", "versions_key", "engine_version"],
        "uq_timeline_cache_series_id_versions_key_engine_version",
        "uq_timeline_cache_series_versions_engine_decisions",
    ),
)


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("year_a", sa.Integer(), nullable=False),
        sa.Column("year_b", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("side", sa.String(length=1), nullable=True),
        sa.Column("a_texts", sa.JSON(), nullable=False),
        sa.Column("b_texts", sa.JSON(), nullable=False),
        sa.Column("a_keys", sa.JSON(), nullable=False),
        sa.Column("b_keys", sa.JSON(), nullable=False),
        sa.Column("version_a_id", sa.Integer(), nullable=True),
        sa.Column("version_b_id", sa.Integer(), nullable=True),
        sa.Column("undoes_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("user", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "action IN ('confirm', 'reject', 'link', 'boilerplate', 'undo')",
            name=op.f("ck_decisions_action"),
        ),
        sa.CheckConstraint("year_a < year_b", name=op.f("ck_decisions_years")),
        sa.ForeignKeyConstraint(
            ["series_id"], ["series.id"], name=op.f("fk_decisions_series_id_series")
        ),
        sa.ForeignKeyConstraint(
            ["undoes_id"], ["decisions.id"], name=op.f("fk_decisions_undoes_id_decisions")
        ),
        sa.ForeignKeyConstraint(
            ["version_a_id"],
            ["plan_versions.id"],
            name=op.f("fk_decisions_version_a_id_plan_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["version_b_id"],
            ["plan_versions.id"],
            name=op.f("fk_decisions_version_b_id_plan_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    op.create_index("ix_decisions_series_years", "decisions", ["series_id", "year_a", "year_b"])
    for table, columns, old, new in CACHES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column("decisions_key", sa.String(length=64), server_default="", nullable=False)
            )
            batch_op.drop_constraint(old, type_="unique")
            batch_op.create_unique_constraint(new, [*columns, "decisions_key"])


def downgrade() -> None:
    for table, columns, old, new in CACHES:
        # rows computed with decisions would collide under the old key: the cache is disposable
        op.execute(sa.text(f"DELETE FROM {table} WHERE decisions_key <> ''"))
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(new, type_="unique")
            batch_op.create_unique_constraint(old, columns)
            batch_op.drop_column("decisions_key")
    op.drop_index("ix_decisions_series_years", table_name="decisions")
    op.drop_table("decisions")
