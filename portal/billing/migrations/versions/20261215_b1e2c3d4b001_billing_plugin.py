"""billing plugin: plans, house ads, customers, subscriptions, webhook events and failures

The billing plugin's own Alembic branch, for a host app that mounts it (examples/host_app/):
`flask db upgrade billing@head`. The portal itself does not use it: its linear chain in
migrations/ made these same tables (f90807c15471, fa54c98ae63d, 6f303d297905).

The user foreign keys point at the host's user table, read from the mounted Billing (its
user_model). The host's revision that creates that table goes first: name it in the setting
BILLING_USERS_REVISION and it becomes this branch's `depends_on`.

Revision ID: b1e2c3d4b001
Revises:
Create Date: 2026-12-15 10:00:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

from portal.billing.migrations import host_users, users_revision

revision = 'b1e2c3d4b001'
down_revision = None
branch_labels = ('billing',)
depends_on = users_revision()


def upgrade():
    users = host_users()
    op.create_table('billing_house_ads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('document', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('seed_digest', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_billing_house_ads')),
    sa.UniqueConstraint('key', name=op.f('uq_billing_house_ads_key'))
    )
    op.create_table('billing_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('price_cents', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('interval', sa.String(length=10), nullable=False),
    sa.Column('lookup_key', sa.String(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('document', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('seed_digest', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_billing_plans')),
    sa.UniqueConstraint('key', name=op.f('uq_billing_plans_key')),
    sa.UniqueConstraint('lookup_key', name=op.f('uq_billing_plans_lookup_key'))
    )
    op.create_table('billing_webhook_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stripe_event_id', sa.String(length=255), nullable=False),
    sa.Column('type', sa.String(length=100), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_billing_webhook_events')),
    sa.UniqueConstraint('stripe_event_id', name=op.f('uq_billing_webhook_events_stripe_event_id'))
    )
    op.create_table('billing_webhook_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stripe_event_id', sa.String(length=255), nullable=False),
    sa.Column('type', sa.String(length=100), nullable=False),
    sa.Column('payload', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('failed_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_billing_webhook_failures'))
    )
    op.create_index(op.f('ix_billing_webhook_failures_stripe_event_id'), 'billing_webhook_failures', ['stripe_event_id'], unique=False)
    op.create_table('billing_customers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stripe_customer_id', sa.String(length=255), nullable=True),
    sa.Column('checkout_session_id', sa.String(length=255), nullable=True),
    sa.Column('complimentary_plan', sa.String(length=40), nullable=True),
    sa.Column('complimentary_until', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], [users.key], name=op.f(f'fk_billing_customers_user_id_{users.table}'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_billing_customers')),
    sa.UniqueConstraint('stripe_customer_id', name=op.f('uq_billing_customers_stripe_customer_id')),
    sa.UniqueConstraint('user_id', name=op.f('uq_billing_customers_user_id'))
    )
    op.create_table('billing_subscriptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stripe_subscription_id', sa.String(length=255), nullable=False),
    sa.Column('stripe_customer_id', sa.String(length=255), nullable=False),
    sa.Column('stripe_price_id', sa.String(length=255), nullable=False),
    sa.Column('price_lookup_key', sa.String(length=200), nullable=True),
    sa.Column('plan_key', sa.String(length=40), nullable=True),
    sa.Column('status', sa.Enum('incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused', name='subscription_status', native_enum=False, length=24), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('interval', sa.String(length=10), nullable=False),
    sa.Column('current_period_start', sa.DateTime(), nullable=False),
    sa.Column('current_period_end', sa.DateTime(), nullable=False),
    sa.Column('cancel_at_period_end', sa.Boolean(), nullable=False),
    sa.Column('cancel_at', sa.DateTime(), nullable=True),
    sa.Column('canceled_at', sa.DateTime(), nullable=True),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('past_due_since', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], [users.key], name=op.f(f'fk_billing_subscriptions_user_id_{users.table}'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_billing_subscriptions')),
    sa.UniqueConstraint('stripe_subscription_id', name=op.f('uq_billing_subscriptions_stripe_subscription_id'))
    )
    op.create_index(op.f('ix_billing_subscriptions_stripe_customer_id'), 'billing_subscriptions', ['stripe_customer_id'], unique=False)
    op.create_index(op.f('ix_billing_subscriptions_user_id'), 'billing_subscriptions', ['user_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_billing_subscriptions_user_id'), table_name='billing_subscriptions')
    op.drop_index(op.f('ix_billing_subscriptions_stripe_customer_id'), table_name='billing_subscriptions')
    op.drop_table('billing_subscriptions')
    op.drop_table('billing_customers')
    op.drop_index(op.f('ix_billing_webhook_failures_stripe_event_id'), table_name='billing_webhook_failures')
    op.drop_table('billing_webhook_failures')
    op.drop_table('billing_webhook_events')
    op.drop_table('billing_plans')
    op.drop_table('billing_house_ads')
