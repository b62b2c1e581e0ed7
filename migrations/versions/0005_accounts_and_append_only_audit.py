"""user accounts, project owners, comments on pairs, audit subjects, and an append-only audit trail

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = ('viewer', 'programme-manager', 'data-steward', 'board-member', 'admin')
APPEND_ONLY = 'the audit trail is append-only: stored events cannot be changed or deleted'


def upgrade() -> None:
    op.create_table('app_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('name_key', sa.String(length=100), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=300), nullable=True),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('last_sign_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('password_changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('role IN (' + ', '.join(f"'{r}'" for r in ROLES) + ')', name=op.f('ck_app_user_role')),
    sa.CheckConstraint('failed_attempts >= 0', name=op.f('ck_app_user_failed_attempts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_user')),
    sa.UniqueConstraint('email', name=op.f('uq_app_user_email')),
    sa.UniqueConstraint('name_key', name=op.f('uq_app_user_name_key'))
    )
    op.create_table('pair_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_a_id', sa.Integer(), nullable=False),
    sa.Column('project_b_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('project_a_id < project_b_id', name=op.f('ck_pair_comment_ordered')),
    sa.ForeignKeyConstraint(['project_a_id'], ['project.id'], name=op.f('fk_pair_comment_project_a_id_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_b_id'], ['project.id'], name=op.f('fk_pair_comment_project_b_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pair_comment'))
    )
    with op.batch_alter_table('pair_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pair_comment_project_a_id'), ['project_a_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pair_comment_project_b_id'), ['project_b_id'], unique=False)

    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_project_owner_id'), ['owner_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_project_owner_id_app_user'), 'app_user', ['owner_id'], ['id'],
                                    ondelete='SET NULL')

    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject', sa.String(length=20), server_default='project', nullable=False))
        batch_op.add_column(sa.Column('subject_key', sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f('ix_audit_event_subject'), ['subject'], unique=False)
        batch_op.create_check_constraint(batch_op.f('ck_audit_event_subject'),
                                         "subject IN ('project', 'user', 'verdict', 'comment')")

    if op.get_bind().dialect.name == 'postgresql':
        op.execute(f"""
            CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$""")
        op.execute("CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event "
                   "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()")
        op.execute("CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()")
    else:
        for verb in ('UPDATE', 'DELETE'):
            op.execute(f"CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON audit_event "
                       f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER audit_event_no_truncate ON audit_event")
        op.execute("DROP TRIGGER audit_event_no_change ON audit_event")
        op.execute("DROP FUNCTION audit_event_append_only()")
    else:
        op.execute("DROP TRIGGER audit_event_no_update")
        op.execute("DROP TRIGGER audit_event_no_delete")

    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_audit_event_subject'), type_='check')
        batch_op.drop_index(batch_op.f('ix_audit_event_subject'))
        batch_op.drop_column('subject_key')
        batch_op.drop_column('subject')

    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_project_owner_id_app_user'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_project_owner_id'))
        batch_op.drop_column('owner_id')

    with op.batch_alter_table('pair_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pair_comment_project_b_id'))
        batch_op.drop_index(batch_op.f('ix_pair_comment_project_a_id'))

    op.drop_table('pair_comment')
    op.drop_table('app_user')
