"""Agency roles and due dates (issue 12): unit_agencies.role (lead | support) and units.due.

Task tables print supporting agencies (配合单位) and deadlines (完成时限) beside the lead; the
parser now reads them (Unit.support_units, Unit.due). Existing agency rows are leads, existing
units have no printed deadline. Downgrade deletes the supporting-agency rows first, so they do
not come back as leads.

Revision ID: 0579cfa07e6a
Revises: 9c4e2a71b3d5
Create Date: 2026-12-01 10:30:00+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0579cfa07e6a"
down_revision = "9c4e2a71b3d5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("unit_agencies") as batch:
        batch.add_column(
            sa.Column("role", sa.String(length=10), server_default="lead", nullable=False)
        )
    # plain ALTER TABLE on units (no batch copy): SQLite keeps the full-text triggers on it
    op.add_column("units", sa.Column("due", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM unit_agencies WHERE role = 'support'"))
    op.drop_column("units", "due")  # SQLite >= 3.35 drops a column in place
    with op.batch_alter_table("unit_agencies") as batch:
        batch.drop_column("role")
