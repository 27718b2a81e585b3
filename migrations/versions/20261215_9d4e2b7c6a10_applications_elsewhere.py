"""tracker: applications to jobs found elsewhere (no posting; title, company and link typed in)

Revision ID: 9d4e2b7c6a10
Revises: 3f7d2c9a6b10
Create Date: 2026-12-15 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9d4e2b7c6a10'
down_revision = '3f7d2c9a6b10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.alter_column('posting_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('outside_title', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('outside_company', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('outside_url', sa.String(length=500), nullable=True))


def downgrade():
    # The schema before this one has no place for a job without a posting: those rows go.
    applications = sa.table('applications', sa.column('posting_id', sa.Integer))
    op.execute(applications.delete().where(applications.c.posting_id.is_(None)))
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_column('outside_url')
        batch_op.drop_column('outside_company')
        batch_op.drop_column('outside_title')
        batch_op.alter_column('posting_id', existing_type=sa.Integer(), nullable=False)
