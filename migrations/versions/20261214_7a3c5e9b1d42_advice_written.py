"""job advice: the language model's written advice, per member, posting and resume version

Revision ID: 7a3c5e9b1d42
Revises: b1d8866a8f27
Create Date: 2026-12-14 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7a3c5e9b1d42'
down_revision = "b1d8866a8f27"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'advice_written',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('posting_id', sa.Integer(), nullable=False),
        sa.Column('resume_version', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('requested_at', sa.DateTime(), nullable=False),
        sa.Column('text', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ['posting_id'], ['job_postings.id'],
            name=op.f('fk_advice_written_posting_id_job_postings'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'],
            name=op.f('fk_advice_written_user_id_users'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_advice_written')),
    )
    with op.batch_alter_table('advice_written', schema=None) as batch_op:
        batch_op.create_index(
            'ix_advice_written_lookup', ['user_id', 'posting_id', 'resume_version'], unique=False
        )
        batch_op.create_index('ix_advice_written_day', ['user_id', 'day'], unique=False)


def downgrade():
    with op.batch_alter_table('advice_written', schema=None) as batch_op:
        batch_op.drop_index('ix_advice_written_day')
        batch_op.drop_index('ix_advice_written_lookup')
    op.drop_table('advice_written')
