"""job postings: an index on updated_at

The search and job pages stored for visitors are current while the postings table is unchanged;
the newest `updated_at` is part of how a process tells (portal.jobs.page_state), and without an
index it costs a scan of every posting.

Revision ID: 3f9d2c4b7a10
Revises: 9d4e2b7c6a10
Create Date: 2026-12-15 01:20:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "3f9d2c4b7a10"
down_revision = "9d4e2b7c6a10"
branch_labels = None
depends_on = None


# Plain operations, not batch mode: a batch that rebuilt the table on SQLite would drop the
# full-text index's triggers.
def upgrade():
    op.create_index("ix_job_postings_updated_at", "job_postings", ["updated_at"], unique=False)


def downgrade():
    op.drop_index("ix_job_postings_updated_at", table_name="job_postings")
