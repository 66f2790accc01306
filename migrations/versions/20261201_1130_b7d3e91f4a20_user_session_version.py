"""users.session_version: signing out ends the user's sessions on the server (a copied session
cookie no longer works after logout).

Revision ID: b7d3e91f4a20
Revises: f44c52b7b5ca
Create Date: 2026-12-01 11:30:00+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "b7d3e91f4a20"
down_revision = "f44c52b7b5ca"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_version")
