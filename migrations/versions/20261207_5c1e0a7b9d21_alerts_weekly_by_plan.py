"""job alerts: remember which weekly alerts are weekly only because of the plan, so that an
upgrade makes them daily

Revision ID: 5c1e0a7b9d21
Revises: 5b1e0c7a2d41
Create Date: 2026-12-07 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1e0a7b9d21'
down_revision = '5b1e0c7a2d41'
branch_labels = None
depends_on = None


job_alerts = sa.table(
    'job_alerts',
    sa.column('user_id', sa.Integer),
    sa.column('frequency', sa.String),
    sa.column('weekly_by_plan', sa.Boolean),
)
subscriptions = sa.table('billing_subscriptions', sa.column('user_id', sa.Integer))
customers = sa.table(
    'billing_customers',
    sa.column('user_id', sa.Integer),
    sa.column('complimentary_until', sa.Date),
)


def upgrade():
    with op.batch_alter_table('job_alerts', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('weekly_by_plan', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    # Someone who never had a subscription or a complimentary plan has always been on Free,
    # where weekly is the only choice: their weekly alerts are weekly by plan. For everyone
    # else we cannot tell, and keep what they have (weekly stays weekly, as before).
    ever_paid = sa.or_(
        sa.exists().where(subscriptions.c.user_id == job_alerts.c.user_id),
        sa.exists().where(
            customers.c.user_id == job_alerts.c.user_id,
            customers.c.complimentary_until.is_not(None),
        ),
    )
    op.execute(
        job_alerts.update()
        .where(job_alerts.c.frequency == 'weekly', sa.not_(ever_paid))
        .values(weekly_by_plan=True)
    )


def downgrade():
    with op.batch_alter_table('job_alerts', schema=None) as batch_op:
        batch_op.drop_column('weekly_by_plan')
