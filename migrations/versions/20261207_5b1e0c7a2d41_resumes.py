"""resumes: one JSON Resume document per person, its /r/ addresses, and daily view counts

Revision ID: 5b1e0c7a2d41
Revises: d9dbc5413236
Create Date: 2026-12-07 23:00:00

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "5b1e0c7a2d41"
down_revision = "d9dbc5413236"
branch_labels = None
depends_on = None


def _json():
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade():
    op.create_table(
        "resumes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("document", _json(), nullable=False),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("indexable", sa.Boolean(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("paper_size", sa.String(length=20), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("draft", _json(), nullable=True),
        sa.Column("draft_notes", _json(), nullable=True),
        sa.Column("draft_source", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_resumes_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resumes")),
        sa.UniqueConstraint("user_id", name=op.f("uq_resumes_user_id")),
    )
    with op.batch_alter_table("resumes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resumes_visibility"), ["visibility"], unique=False)
        batch_op.create_index(batch_op.f("ix_resumes_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "resume_slugs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("resume_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("retired_at", sa.DateTime(), nullable=True),
        sa.Column("suspended_at", sa.DateTime(), nullable=True),
        sa.Column("taken_away_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["resume_id"],
            ["resumes.id"],
            name=op.f("fk_resume_slugs_resume_id_resumes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resume_slugs")),
        sa.UniqueConstraint("slug", name=op.f("uq_resume_slugs_slug")),
    )
    with op.batch_alter_table("resume_slugs", schema=None) as batch_op:
        batch_op.create_index("ix_resume_slugs_resume_kind", ["resume_id", "kind"], unique=False)

    op.create_table(
        "resume_view_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resume_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("page_views", sa.Integer(), nullable=False),
        sa.Column("pdf_downloads", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["resume_id"],
            ["resumes.id"],
            name=op.f("fk_resume_view_days_resume_id_resumes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resume_view_days")),
        sa.UniqueConstraint("resume_id", "day", name=op.f("uq_resume_view_days_resume_id")),
    )


def downgrade():
    op.drop_table("resume_view_days")
    op.drop_table("resume_slugs")
    op.drop_table("resumes")
