"""import batches and region aliases

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# What project sheets write for the board's regions ("EaP countries", "WB6").
REGION_ALIASES = {
    "Western Balkans": "WB",
    "WB": "WB",
    "WB6": "WB",
    "Western Balkans 6": "WB",
    "Western Balkan countries": "WB",
    "Western Balkans countries": "WB",
    "Eastern Neighbourhood": "EN",
    "Eastern Partnership": "EN",
    "EaP": "EN",
    "EaP countries": "EN",
    "Eastern Partnership countries": "EN",
    "Eastern Neighbourhood countries": "EN",
    "Southern Neighbourhood": "SN",
    "Southern Neighbourhood countries": "SN",
    "Southern Neighborhood": "SN",
    "Southern Mediterranean": "SN",
    "South Neighbourhood": "SN",
}


def upgrade() -> None:
    op.create_table('import_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=300), nullable=False),
    sa.Column('sheet', sa.String(length=100), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('rejected', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batch'))
    )
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_batch_sha256'), ['sha256'], unique=False)

    op.create_table('region_alias',
    sa.Column('alias', sa.String(length=100), nullable=False),
    sa.Column('region_code', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_region_alias_region_code_region')),
    sa.PrimaryKeyConstraint('alias', name=op.f('pk_region_alias'))
    )
    with op.batch_alter_table('region_alias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_region_alias_region_code'), ['region_code'], unique=False)

    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('batch_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_audit_event_batch_id'), ['batch_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_audit_event_batch_id_import_batch'), 'import_batch', ['batch_id'], ['id'])

    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.create_index('uq_project_title_key_without_ref', ['title_key'], unique=True, sqlite_where=sa.text('ref IS NULL'), postgresql_where=sa.text('ref IS NULL'))

    op.bulk_insert(
        sa.table("region_alias", sa.column("alias"), sa.column("region_code")),
        [{"alias": alias, "region_code": code} for alias, code in REGION_ALIASES.items()],
    )


def downgrade() -> None:
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_index('uq_project_title_key_without_ref', sqlite_where=sa.text('ref IS NULL'), postgresql_where=sa.text('ref IS NULL'))

    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_audit_event_batch_id_import_batch'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_audit_event_batch_id'))
        batch_op.drop_column('batch_id')

    with op.batch_alter_table('region_alias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_region_alias_region_code'))

    op.drop_table('region_alias')
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_batch_sha256'))

    op.drop_table('import_batch')
