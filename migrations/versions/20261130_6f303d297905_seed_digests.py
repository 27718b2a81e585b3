"""seed digests for guides, plans and house ads

Revision ID: 6f303d297905
Revises: fa54c98ae63d
Create Date: 2026-11-30 06:04:06.774941

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6f303d297905'
down_revision = 'fa54c98ae63d'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN on both databases: no table copy, so rows that reference guides are
    # never touched.
    for table in ('career_guides', 'billing_plans', 'billing_house_ads'):
        op.add_column(table, sa.Column('seed_digest', sa.String(length=64), nullable=True))


def downgrade():
    for table in ('billing_house_ads', 'billing_plans', 'career_guides'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('seed_digest')
