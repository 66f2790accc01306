"""Job records: background work (comparisons after an import, warming, bulk imports) and its
progress, readable by every process whichever queue runs the work.

Revision ID: 9c4e2a71b3d5
Revises: 5b1c0e7d9a42
Create Date: 2026-12-01 09:40:00+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "9c4e2a71b3d5"
down_revision = "5b1c0e7d9a42"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task", sa.String(length=40), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("queue_id", sa.BigInteger(), nullable=True),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_records")),
    )
    op.create_index(op.f("ix_job_records_label"), "job_records", ["label"])
    op.create_index(op.f("ix_job_records_created_at"), "job_records", ["created_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_job_records_created_at"), table_name="job_records")
    op.drop_index(op.f("ix_job_records_label"), table_name="job_records")
    op.drop_table("job_records")
