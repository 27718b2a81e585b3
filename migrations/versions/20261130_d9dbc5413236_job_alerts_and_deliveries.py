"""job alerts: saved searches, and one delivery row per alert and window (claimed before
sending, so a window goes out once)

Revision ID: d9dbc5413236
Revises: 6f303d297905
Create Date: 2026-11-30 05:25:32.340034

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd9dbc5413236'
down_revision = '6f303d297905'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job_alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('query', sa.JSON(), nullable=False),
    sa.Column('frequency', sa.Enum('daily', 'weekly', name='frequency', native_enum=False, length=20), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('paused', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('window_start', sa.DateTime(), nullable=False),
    sa.Column('next_due_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_job_alerts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_alerts'))
    )
    with op.batch_alter_table('job_alerts', schema=None) as batch_op:
        batch_op.create_index('ix_job_alerts_due', ['paused', 'next_due_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_alerts_user_id'), ['user_id'], unique=False)

    op.create_table('job_alert_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alert_id', sa.Integer(), nullable=False),
    sa.Column('window_start', sa.DateTime(), nullable=False),
    sa.Column('window_end', sa.DateTime(), nullable=False),
    sa.Column('status', sa.Enum('claimed', 'sent', 'empty', 'failed', name='deliverystatus', native_enum=False, length=20), nullable=False),
    sa.Column('claimed_at', sa.DateTime(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('job_count', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=255), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['alert_id'], ['job_alerts.id'], name=op.f('fk_job_alert_deliveries_alert_id_job_alerts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_alert_deliveries')),
    sa.UniqueConstraint('alert_id', 'window_end', name=op.f('uq_job_alert_deliveries_alert_id'))
    )


def downgrade():
    op.drop_table('job_alert_deliveries')
    with op.batch_alter_table('job_alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_alerts_user_id'))
        batch_op.drop_index('ix_job_alerts_due')

    op.drop_table('job_alerts')
