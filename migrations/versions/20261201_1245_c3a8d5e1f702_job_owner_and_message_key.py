"""job_records: the owner and heartbeat of a job on the embedded queue (a job whose web process
died is taken over), and each message as a key with parameters (shown in the user's language).

Revision ID: c3a8d5e1f702
Revises: c2a6f81d0e93
Create Date: 2026-12-01 12:40:00+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c3a8d5e1f702"
down_revision = "c2a6f81d0e93"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("job_records") as batch:
        batch.add_column(
            sa.Column("message_key", sa.String(length=80), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("message_params", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("owner", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("job_records") as batch:
        batch.drop_column("heartbeat_at")
        batch.drop_column("owner")
        batch.drop_column("message_params")
        batch.drop_column("message_key")
