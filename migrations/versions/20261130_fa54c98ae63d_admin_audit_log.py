"""admin audit log (one append-only row per admin action); failed Stripe webhook events

The failures table belongs to billing (portal.billing.models.WebhookFailure); it comes with
the admin screen that reprocesses them.

Revision ID: fa54c98ae63d
Revises: 3dfb39d45101
Create Date: 2026-11-30 05:25:26.283840

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "fa54c98ae63d"
down_revision = "3dfb39d45101"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "billing_webhook_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stripe_event_id", sa.String(length=255), nullable=False),
        sa.Column("type", sa.String(length=100), nullable=False),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("failed_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_webhook_failures")),
    )
    with op.batch_alter_table("billing_webhook_failures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_billing_webhook_failures_stripe_event_id"),
            ["stripe_event_id"],
            unique=False,
        )
    op.create_table(
        "admin_audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_email", sa.String(length=254), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_admin_audit_log_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_audit_log")),
    )
    with op.batch_alter_table("admin_audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_admin_audit_log_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_admin_audit_log_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_admin_audit_log_created_at"), ["created_at"], unique=False
        )


def downgrade():
    op.drop_table("admin_audit_log")
    op.drop_table("billing_webhook_failures")
