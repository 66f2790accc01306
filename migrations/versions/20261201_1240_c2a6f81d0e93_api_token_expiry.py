"""api_tokens.label, expires_at, revoked_at: tokens expire, can be named and revoked (issue 15).

Tokens that exist before this revision had no expiry; they get the default lifetime (90 days)
counted from the upgrade, so no program loses access the moment the server is upgraded.

Revision ID: c2a6f81d0e93
Revises: b7d3e91f4a20
Create Date: 2026-12-01 12:40:00+00:00
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "c2a6f81d0e93"
down_revision = "b7d3e91f4a20"
branch_labels = None
depends_on = None

DEFAULT_DAYS = 90  # archive.tokens.DEFAULT_TOKEN_DAYS when this revision was written


def upgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("label", sa.String(100), nullable=False, server_default=""))
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))
    expires = datetime.now(UTC) + timedelta(days=DEFAULT_DAYS)
    if op.get_bind().dialect.name == "sqlite":  # stored as the models' UTCDateTime stores it
        expires = expires.replace(tzinfo=None)
    tokens = sa.table("api_tokens", sa.column("expires_at", sa.DateTime(timezone=True)))
    op.execute(tokens.update().values(expires_at=expires))
    with op.batch_alter_table("api_tokens") as batch:
        batch.alter_column("expires_at", existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade() -> None:
    # Without these columns a revoked or expired token would work again: delete those first.
    now = datetime.now(UTC)
    if op.get_bind().dialect.name == "sqlite":
        now = now.replace(tzinfo=None)
    tokens = sa.table(
        "api_tokens",
        sa.column("expires_at", sa.DateTime(timezone=True)),
        sa.column("revoked_at", sa.DateTime(timezone=True)),
    )
    op.execute(
        tokens.delete().where(sa.or_(tokens.c.revoked_at.is_not(None), tokens.c.expires_at <= now))
    )
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("revoked_at")
        batch.drop_column("expires_at")
        batch.drop_column("label")
