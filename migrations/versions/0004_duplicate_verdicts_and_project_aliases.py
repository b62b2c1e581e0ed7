"""duplicate verdicts and project aliases

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('duplicate_verdict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_a_id', sa.Integer(), nullable=False),
    sa.Column('project_b_id', sa.Integer(), nullable=False),
    sa.Column('verdict', sa.String(length=30), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('a_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('b_fingerprint', sa.String(length=64), nullable=False),
    sa.CheckConstraint("verdict IN ('same', 'not-same', 'overlap-acknowledged')", name=op.f('ck_duplicate_verdict_verdict')),
    sa.CheckConstraint('project_a_id < project_b_id', name=op.f('ck_duplicate_verdict_ordered')),
    sa.ForeignKeyConstraint(['project_a_id'], ['project.id'], name=op.f('fk_duplicate_verdict_project_a_id_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_b_id'], ['project.id'], name=op.f('fk_duplicate_verdict_project_b_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duplicate_verdict'))
    )
    with op.batch_alter_table('duplicate_verdict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duplicate_verdict_project_a_id'), ['project_a_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_duplicate_verdict_project_b_id'), ['project_b_id'], unique=False)

    op.create_table('project_alias',
    sa.Column('alias', sa.String(length=60), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_alias_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('alias', name=op.f('pk_project_alias'))
    )
    with op.batch_alter_table('project_alias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_alias_project_id'), ['project_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('project_alias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_alias_project_id'))

    op.drop_table('project_alias')
    with op.batch_alter_table('duplicate_verdict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duplicate_verdict_project_b_id'))
        batch_op.drop_index(batch_op.f('ix_duplicate_verdict_project_a_id'))

    op.drop_table('duplicate_verdict')
