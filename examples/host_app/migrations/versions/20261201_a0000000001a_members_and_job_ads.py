"""Acme's own tables: members and job ads

Revision ID: a0000000001a
Revises:
Create Date: 2026-12-01 09:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a0000000001a"
down_revision = None
branch_labels = ("acme",)
depends_on = None


def upgrade():
    op.create_table(
        "members",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("email_address", sa.String(length=254), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_members")),
        sa.UniqueConstraint("email_address", name=op.f("uq_members_email_address")),
    )
    op.create_table(
        "job_ads",
        sa.Column("ad_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("employer", sa.String(length=200), nullable=False),
        sa.Column("career", sa.String(length=120), nullable=True),
        sa.Column("posted_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("ad_id", name=op.f("pk_job_ads")),
    )
    op.create_index(op.f("ix_job_ads_career"), "job_ads", ["career"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_job_ads_career"), table_name="job_ads")
    op.drop_table("job_ads")
    op.drop_table("members")
