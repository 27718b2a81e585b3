"""accounts: the users table

Revision ID: 962cd0822e7d
Revises: 22bf2c265f5d
Create Date: 2026-11-30 04:16:53.281808

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '962cd0822e7d'
down_revision = '22bf2c265f5d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    # Stored lowercase, so the unique constraint is case-insensitive.
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    # A plain string column (no database enum type): adding a role later needs no type change.
    sa.Column('role', sa.Enum('user', 'admin', name='role', native_enum=False, length=20), nullable=False),
    sa.Column('email_confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('session_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_signed_in_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )


def downgrade():
    op.drop_table('users')
