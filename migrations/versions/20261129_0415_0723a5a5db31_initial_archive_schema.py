"""Initial archive schema: series, plans, immutable versions, units, agencies, users, audit,
comparison cache; full-text search objects per dialect (FTS5 trigram / pg_trgm).

Revision ID: 0723a5a5db31
Revises:
Create Date: 2026-11-29 04:15:32.553084+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0723a5a5db31"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("display_name", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agencies")),
        sa.UniqueConstraint("name", name=op.f("uq_agencies_name")),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user", sa.String(length=200), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=500), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(op.f("ix_audit_events_at"), "audit_events", ["at"])
    op.create_table(
        "series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("jurisdiction", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("source_note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_series")),
        sa.UniqueConstraint("slug", name=op.f("uq_series_slug")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('viewer', 'editor', 'admin')", name=op.f("ck_users_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_index(op.f("ix_api_tokens_user_id"), "api_tokens", ["user_id"])
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["series_id"], ["series.id"], name=op.f("fk_plans_series_id_series")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
        sa.UniqueConstraint("series_id", "year", name=op.f("uq_plans_series_id_year")),
    )
    op.create_index(op.f("ix_plans_series_id"), "plans", ["series_id"])
    op.create_table(
        "plan_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=500), nullable=False),
        sa.Column("media_type", sa.String(length=200), nullable=False),
        sa.Column("encoding", sa.String(length=40), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uploaded_by", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("parser_version", sa.String(length=40), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by", sa.String(length=200), nullable=True),
        sa.Column("withdrawn_reason", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("document_year", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("metadata", sa.JSON(), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_plan_versions_plan_id_plans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_versions")),
        sa.UniqueConstraint("plan_id", "number", name=op.f("uq_plan_versions_plan_id_number")),
    )
    op.create_index(op.f("ix_plan_versions_plan_id"), "plan_versions", ["plan_id"])
    op.create_index(op.f("ix_plan_versions_sha256"), "plan_versions", ["sha256"])
    op.create_table(
        "comparison_cache",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_a_id", sa.Integer(), nullable=False),
        sa.Column("version_b_id", sa.Integer(), nullable=False),
        sa.Column("engine_version", sa.String(length=40), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_a_id"],
            ["plan_versions.id"],
            name=op.f("fk_comparison_cache_version_a_id_plan_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["version_b_id"],
            ["plan_versions.id"],
            name=op.f("fk_comparison_cache_version_b_id_plan_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comparison_cache")),
        sa.UniqueConstraint(
            "version_a_id",
            "version_b_id",
            "engine_version",
            name=op.f("uq_comparison_cache_version_a_id_version_b_id_engine_version"),
        ),
    )
    op.create_index(op.f("ix_comparison_cache_version_b_id"), "comparison_cache", ["version_b_id"])
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("parent_key", sa.String(length=200), nullable=True),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"], ["plan_versions.id"], name=op.f("fk_units_version_id_plan_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
        sa.UniqueConstraint("version_id", "key", name=op.f("uq_units_version_id_key")),
        sa.UniqueConstraint("version_id", "position", name=op.f("uq_units_version_id_position")),
    )
    op.create_table(
        "unit_agencies",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("printed", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_unit_agencies_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_unit_agencies_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("unit_id", "position", name=op.f("pk_unit_agencies")),
    )
    op.create_index(op.f("ix_unit_agencies_agency_id"), "unit_agencies", ["agency_id"])

    if op.get_bind().dialect.name == "sqlite":
        # Full-text search for Chinese without spaces: FTS5 trigram index over the units.
        op.execute(
            "CREATE VIRTUAL TABLE units_fts USING fts5("
            "title, text, content='units', content_rowid='id', tokenize='trigram')"
        )
        op.execute(
            "CREATE TRIGGER units_fts_ai AFTER INSERT ON units BEGIN "
            "INSERT INTO units_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END"
        )
        op.execute(
            "CREATE TRIGGER units_fts_ad AFTER DELETE ON units BEGIN "
            "INSERT INTO units_fts(units_fts, rowid, title, text) "
            "VALUES ('delete', old.id, old.title, old.text); END"
        )
        op.execute(
            "CREATE TRIGGER units_fts_au AFTER UPDATE ON units BEGIN "
            "INSERT INTO units_fts(units_fts, rowid, title, text) "
            "VALUES ('delete', old.id, old.title, old.text); "
            "INSERT INTO units_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END"
        )
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_units_trgm_text ON units USING gin (text gin_trgm_ops)")
        op.execute("CREATE INDEX ix_units_trgm_title ON units USING gin (title gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("units_fts_au", "units_fts_ad", "units_fts_ai"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS units_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_units_trgm_title")
        op.execute("DROP INDEX IF EXISTS ix_units_trgm_text")
    op.drop_index(op.f("ix_unit_agencies_agency_id"), table_name="unit_agencies")
    op.drop_table("unit_agencies")
    op.drop_table("units")
    op.drop_index(op.f("ix_comparison_cache_version_b_id"), table_name="comparison_cache")
    op.drop_table("comparison_cache")
    op.drop_index(op.f("ix_plan_versions_sha256"), table_name="plan_versions")
    op.drop_index(op.f("ix_plan_versions_plan_id"), table_name="plan_versions")
    op.drop_table("plan_versions")
    op.drop_index(op.f("ix_plans_series_id"), table_name="plans")
    op.drop_table("plans")
    op.drop_index(op.f("ix_api_tokens_user_id"), table_name="api_tokens")
    op.drop_table("api_tokens")
    op.drop_table("users")
    op.drop_table("series")
    op.drop_index(op.f("ix_audit_events_at"), table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_table("agencies")
