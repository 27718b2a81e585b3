"""careers plugin: career guides and their revisions

The careers plugin's own Alembic branch, for a host app that mounts it (examples/host_app/):
`flask db upgrade careers@head`. The portal itself does not use it: its linear chain in
migrations/ made these same tables (22bf2c265f5d, 6f303d297905), and tests/plugin checks that
both give the schema the models describe.

Revision ID: c4a7e3e01001
Revises:
Create Date: 2026-12-15 10:00:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = 'c4a7e3e01001'
down_revision = None
branch_labels = ('careers',)
depends_on = None


def upgrade():
    op.create_table('career_guides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('median_salary', sa.Integer(), nullable=False),
    sa.Column('salary_currency', sa.String(length=3), nullable=False),
    sa.Column('growth_rate_percent', sa.Double(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('document', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('seed_digest', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_career_guides')),
    sa.UniqueConstraint('slug', name=op.f('uq_career_guides_slug'))
    )
    op.create_index(op.f('ix_career_guides_published'), 'career_guides', ['published'], unique=False)
    op.create_table('career_guide_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('document', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('guide_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['guide_id'], ['career_guides.id'], name=op.f('fk_career_guide_revisions_guide_id_career_guides'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_career_guide_revisions')),
    sa.UniqueConstraint('guide_id', 'number', name=op.f('uq_career_guide_revisions_guide_id'))
    )


def downgrade():
    op.drop_table('career_guide_revisions')
    op.drop_index(op.f('ix_career_guides_published'), table_name='career_guides')
    op.drop_table('career_guides')
