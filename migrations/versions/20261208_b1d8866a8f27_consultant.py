"""consultant: consultants, members' assignments, conversations and messages, private notes,
availability and days off, and booked calls (one booked call per consultant and start)

Revision ID: b1d8866a8f27
Revises: 5c1e0a7b9d21
Create Date: 2026-12-08 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b1d8866a8f27'
down_revision = '5c1e0a7b9d21'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consultant_conversations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('first_answer_due', sa.DateTime(), nullable=False),
    sa.Column('first_answered_at', sa.DateTime(), nullable=True),
    sa.Column('next_answer_due', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['users.id'], name=op.f('fk_consultant_conversations_member_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultant_conversations'))
    )
    with op.batch_alter_table('consultant_conversations', schema=None) as batch_op:
        batch_op.create_index('ix_consultant_conversations_due', ['next_answer_due'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultant_conversations_member_id'), ['member_id'], unique=False)

    op.create_table('consultant_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=100), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_consultant_notes_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['member_id'], ['users.id'], name=op.f('fk_consultant_notes_member_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultant_notes'))
    )
    with op.batch_alter_table('consultant_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultant_notes_member_id'), ['member_id'], unique=False)

    op.create_table('consultants',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_consultants_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_consultants'))
    )
    op.create_table('consultant_assignments',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('consultant_id', sa.Integer(), nullable=False),
    sa.Column('assigned_at', sa.DateTime(), nullable=False),
    sa.Column('share_resume', sa.Boolean(), nullable=False),
    sa.Column('share_bookmarks', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['consultant_id'], ['consultants.user_id'], name=op.f('fk_consultant_assignments_consultant_id_consultants'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['member_id'], ['users.id'], name=op.f('fk_consultant_assignments_member_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('member_id', name=op.f('pk_consultant_assignments'))
    )
    with op.batch_alter_table('consultant_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultant_assignments_consultant_id'), ['consultant_id'], unique=False)

    op.create_table('consultant_availability',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultant_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('starts', sa.Time(), nullable=False),
    sa.Column('ends', sa.Time(), nullable=False),
    sa.ForeignKeyConstraint(['consultant_id'], ['consultants.user_id'], name=op.f('fk_consultant_availability_consultant_id_consultants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultant_availability'))
    )
    with op.batch_alter_table('consultant_availability', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultant_availability_consultant_id'), ['consultant_id'], unique=False)

    op.create_table('consultant_calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('consultant_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.Enum('booked', 'cancelled', name='callstatus', native_enum=False, length=20), nullable=False),
    sa.Column('uid', sa.String(length=64), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('cancel_reason', sa.String(length=40), nullable=True),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['consultant_id'], ['consultants.user_id'], name=op.f('fk_consultant_calls_consultant_id_consultants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['users.id'], name=op.f('fk_consultant_calls_member_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultant_calls')),
    sa.UniqueConstraint('uid', name=op.f('uq_consultant_calls_uid'))
    )
    with op.batch_alter_table('consultant_calls', schema=None) as batch_op:
        batch_op.create_index('ix_consultant_calls_member_starts', ['member_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultant_calls_starts_at'), ['starts_at'], unique=False)
        batch_op.create_index('uq_consultant_calls_booked_slot', ['consultant_id', 'starts_at'], unique=True, sqlite_where=sa.text("status = 'booked'"), postgresql_where=sa.text("status = 'booked'"))

    op.create_table('consultant_days_off',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultant_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['consultant_id'], ['consultants.user_id'], name=op.f('fk_consultant_days_off_consultant_id_consultants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultant_days_off')),
    sa.UniqueConstraint('consultant_id', 'day', name=op.f('uq_consultant_days_off_consultant_id'))
    )
    op.create_table('consultant_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=100), nullable=False),
    sa.Column('from_consultant', sa.Boolean(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_consultant_messages_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['conversation_id'], ['consultant_conversations.id'], name=op.f('fk_consultant_messages_conversation_id_consultant_conversations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultant_messages'))
    )
    with op.batch_alter_table('consultant_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultant_messages_conversation_id'), ['conversation_id'], unique=False)



def downgrade():
    with op.batch_alter_table('consultant_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultant_messages_conversation_id'))

    op.drop_table('consultant_messages')
    op.drop_table('consultant_days_off')
    with op.batch_alter_table('consultant_calls', schema=None) as batch_op:
        batch_op.drop_index('uq_consultant_calls_booked_slot', sqlite_where=sa.text("status = 'booked'"), postgresql_where=sa.text("status = 'booked'"))
        batch_op.drop_index(batch_op.f('ix_consultant_calls_starts_at'))
        batch_op.drop_index('ix_consultant_calls_member_starts')

    op.drop_table('consultant_calls')
    with op.batch_alter_table('consultant_availability', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultant_availability_consultant_id'))

    op.drop_table('consultant_availability')
    with op.batch_alter_table('consultant_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultant_assignments_consultant_id'))

    op.drop_table('consultant_assignments')
    op.drop_table('consultants')
    with op.batch_alter_table('consultant_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultant_notes_member_id'))

    op.drop_table('consultant_notes')
    with op.batch_alter_table('consultant_conversations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultant_conversations_member_id'))
        batch_op.drop_index('ix_consultant_conversations_due')

    op.drop_table('consultant_conversations')
