"""tracker: job and guide bookmarks, and the applications tracker (all removed with the account)

Revision ID: 3dfb39d45101
Revises: 83fca70e10af
Create Date: 2026-11-30 05:25:03.245689

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "3dfb39d45101"
down_revision = "83fca70e10af"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "guide_bookmarks",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["guide_id"],
            ["career_guides.id"],
            name=op.f("fk_guide_bookmarks_guide_id_career_guides"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_guide_bookmarks_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "guide_id", name=op.f("pk_guide_bookmarks")),
    )
    with op.batch_alter_table("guide_bookmarks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guide_bookmarks_guide_id"), ["guide_id"], unique=False)

    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("posting_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "saved",
                "applied",
                "interviewing",
                "offer",
                "rejected",
                "withdrawn",
                name="applicationstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("applied_at", sa.DateTime(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("next_step_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["posting_id"],
            ["job_postings.id"],
            name=op.f("fk_applications_posting_id_job_postings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_applications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
        sa.UniqueConstraint("user_id", "posting_id", name=op.f("uq_applications_user_id")),
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_applications_posting_id"), ["posting_id"], unique=False
        )
        batch_op.create_index(
            "ix_applications_user_status", ["user_id", "status", "applied_at"], unique=False
        )

    op.create_table(
        "job_bookmarks",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("posting_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["posting_id"],
            ["job_postings.id"],
            name=op.f("fk_job_bookmarks_posting_id_job_postings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_job_bookmarks_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "posting_id", name=op.f("pk_job_bookmarks")),
    )
    with op.batch_alter_table("job_bookmarks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_job_bookmarks_posting_id"), ["posting_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("job_bookmarks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_bookmarks_posting_id"))

    op.drop_table("job_bookmarks")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index("ix_applications_user_status")
        batch_op.drop_index(batch_op.f("ix_applications_posting_id"))

    op.drop_table("applications")
    with op.batch_alter_table("guide_bookmarks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guide_bookmarks_guide_id"))

    op.drop_table("guide_bookmarks")
