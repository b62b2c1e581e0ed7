"""portfolio schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('instrument',
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('full_name', sa.String(length=300), nullable=False),
    sa.Column('period', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('successor_code', sa.String(length=10), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['successor_code'], ['instrument.code'], name=op.f('fk_instrument_successor_code_instrument')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_instrument'))
    )
    op.create_table('norm',
    sa.Column('code', sa.String(length=1), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_norm'))
    )
    op.create_table('pillar',
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_pillar'))
    )
    op.create_table('project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=60), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('title_key', sa.String(length=300), nullable=False),
    sa.Column('acronym', sa.String(length=60), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('budget_eur', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('website', sa.String(length=500), nullable=True),
    sa.Column('contact', sa.String(length=300), nullable=True),
    sa.Column('source', sa.String(length=500), nullable=True),
    sa.Column('last_confirmed', sa.Date(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=100), nullable=False),
    sa.CheckConstraint("status IN ('pipeline', 'ongoing', 'completed', 'suspended', 'cancelled')", name=op.f('ck_project_status')),
    sa.CheckConstraint('budget_eur IS NULL OR budget_eur >= 0', name=op.f('ck_project_budget')),
    sa.CheckConstraint('end_date IS NULL OR start_date IS NULL OR end_date >= start_date', name=op.f('ck_project_dates')),
    sa.CheckConstraint('parent_id IS NULL OR parent_id <> id', name=op.f('ck_project_not_own_parent')),
    sa.ForeignKeyConstraint(['parent_id'], ['project.id'], name=op.f('fk_project_parent_id_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project')),
    sa.UniqueConstraint('ref', name=op.f('uq_project_ref'))
    )
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_archived'), ['archived'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_title_key'), ['title_key'], unique=False)

    op.create_table('region',
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_region'))
    )
    op.create_table('theme',
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_theme'))
    )
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('project_ref', sa.String(length=60), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=True),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.CheckConstraint("action IN ('create', 'update', 'archive', 'restore')", name=op.f('ck_audit_event_action')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_audit_event_project_id_project'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_project_id'), ['project_id'], unique=False)

    op.create_table('country',
    sa.Column('code', sa.String(length=3), nullable=False),
    sa.Column('alpha2', sa.String(length=2), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('official_name', sa.String(length=200), nullable=True),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('footnote', sa.Text(), nullable=True),
    sa.Column('region_code', sa.String(length=8), nullable=True),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_country_region_code_region')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_country')),
    sa.UniqueConstraint('alpha2', name=op.f('uq_country_alpha2'))
    )
    with op.batch_alter_table('country', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_country_region_code'), ['region_code'], unique=False)

    op.create_table('instrument_alias',
    sa.Column('alias', sa.String(length=200), nullable=False),
    sa.Column('instrument_code', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['instrument_code'], ['instrument.code'], name=op.f('fk_instrument_alias_instrument_code_instrument')),
    sa.PrimaryKeyConstraint('alias', name=op.f('pk_instrument_alias'))
    )
    with op.batch_alter_table('instrument_alias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_instrument_alias_instrument_code'), ['instrument_code'], unique=False)

    op.create_table('project_norm',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('norm_code', sa.String(length=1), nullable=False),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['norm_code'], ['norm.code'], name=op.f('fk_project_norm_norm_code_norm')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_norm_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'norm_code', name=op.f('pk_project_norm'))
    )
    with op.batch_alter_table('project_norm', schema=None) as batch_op:
        batch_op.create_index('ix_project_norm_norm_code', ['norm_code'], unique=False)

    op.create_table('project_pillar',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('pillar_code', sa.String(length=30), nullable=False),
    sa.ForeignKeyConstraint(['pillar_code'], ['pillar.code'], name=op.f('fk_project_pillar_pillar_code_pillar')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_pillar_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'pillar_code', name=op.f('pk_project_pillar'))
    )
    op.create_table('project_theme',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('theme_code', sa.String(length=30), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_theme_project_id_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_code'], ['theme.code'], name=op.f('fk_project_theme_theme_code_theme')),
    sa.PrimaryKeyConstraint('project_id', 'theme_code', name=op.f('pk_project_theme'))
    )
    with op.batch_alter_table('project_theme', schema=None) as batch_op:
        batch_op.create_index('ix_project_theme_theme_code', ['theme_code'], unique=False)

    op.create_table('country_alias',
    sa.Column('alias', sa.String(length=200), nullable=False),
    sa.Column('country_code', sa.String(length=3), nullable=False),
    sa.ForeignKeyConstraint(['country_code'], ['country.code'], name=op.f('fk_country_alias_country_code_country')),
    sa.PrimaryKeyConstraint('alias', name=op.f('pk_country_alias'))
    )
    with op.batch_alter_table('country_alias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_country_alias_country_code'), ['country_code'], unique=False)

    op.create_table('instrument_scope',
    sa.Column('instrument_code', sa.String(length=10), nullable=False),
    sa.Column('country_code', sa.String(length=3), nullable=False),
    sa.ForeignKeyConstraint(['country_code'], ['country.code'], name=op.f('fk_instrument_scope_country_code_country')),
    sa.ForeignKeyConstraint(['instrument_code'], ['instrument.code'], name=op.f('fk_instrument_scope_instrument_code_instrument')),
    sa.PrimaryKeyConstraint('instrument_code', 'country_code', name=op.f('pk_instrument_scope'))
    )
    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('name_key', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=True),
    sa.Column('country_code', sa.String(length=3), nullable=True),
    sa.CheckConstraint("kind IS NULL OR kind IN ('eu-institution', 'member-state', 'agency', 'international-organisation', 'ngo', 'company', 'academia')", name=op.f('ck_organisation_kind')),
    sa.ForeignKeyConstraint(['country_code'], ['country.code'], name=op.f('fk_organisation_country_code_country')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation')),
    sa.UniqueConstraint('name_key', name=op.f('uq_organisation_name_key'))
    )
    op.create_table('project_country',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('country_code', sa.String(length=3), nullable=False),
    sa.Column('share_pct', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('share_pct IS NULL OR (share_pct >= 0 AND share_pct <= 100)', name=op.f('ck_project_country_share')),
    sa.ForeignKeyConstraint(['country_code'], ['country.code'], name=op.f('fk_project_country_country_code_country')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_country_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'country_code', name=op.f('pk_project_country'))
    )
    with op.batch_alter_table('project_country', schema=None) as batch_op:
        batch_op.create_index('ix_project_country_country_code', ['country_code'], unique=False)

    op.create_table('funding_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('instrument_code', sa.String(length=10), nullable=False),
    sa.Column('funder_id', sa.Integer(), nullable=True),
    sa.Column('amount_eur', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.CheckConstraint('amount_eur IS NULL OR amount_eur >= 0', name=op.f('ck_funding_line_amount')),
    sa.ForeignKeyConstraint(['funder_id'], ['organisation.id'], name=op.f('fk_funding_line_funder_id_organisation')),
    sa.ForeignKeyConstraint(['instrument_code'], ['instrument.code'], name=op.f('fk_funding_line_instrument_code_instrument')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_funding_line_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding_line'))
    )
    with op.batch_alter_table('funding_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funding_line_funder_id'), ['funder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_funding_line_instrument_code'), ['instrument_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_funding_line_project_id'), ['project_id'], unique=False)

    op.create_table('organisation_alias',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=300), nullable=False),
    sa.Column('alias_key', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_organisation_alias_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_alias')),
    sa.UniqueConstraint('alias_key', name=op.f('uq_organisation_alias_alias_key'))
    )
    with op.batch_alter_table('organisation_alias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_alias_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('project_implementer',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_project_implementer_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_implementer_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'organisation_id', name=op.f('pk_project_implementer'))
    )
    with op.batch_alter_table('project_implementer', schema=None) as batch_op:
        batch_op.create_index('ix_project_implementer_organisation_id', ['organisation_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('project_implementer', schema=None) as batch_op:
        batch_op.drop_index('ix_project_implementer_organisation_id')

    op.drop_table('project_implementer')
    with op.batch_alter_table('organisation_alias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_alias_organisation_id'))

    op.drop_table('organisation_alias')
    with op.batch_alter_table('funding_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funding_line_project_id'))
        batch_op.drop_index(batch_op.f('ix_funding_line_instrument_code'))
        batch_op.drop_index(batch_op.f('ix_funding_line_funder_id'))

    op.drop_table('funding_line')
    with op.batch_alter_table('project_country', schema=None) as batch_op:
        batch_op.drop_index('ix_project_country_country_code')

    op.drop_table('project_country')
    op.drop_table('organisation')
    op.drop_table('instrument_scope')
    with op.batch_alter_table('country_alias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_country_alias_country_code'))

    op.drop_table('country_alias')
    with op.batch_alter_table('project_theme', schema=None) as batch_op:
        batch_op.drop_index('ix_project_theme_theme_code')

    op.drop_table('project_theme')
    op.drop_table('project_pillar')
    with op.batch_alter_table('project_norm', schema=None) as batch_op:
        batch_op.drop_index('ix_project_norm_norm_code')

    op.drop_table('project_norm')
    with op.batch_alter_table('instrument_alias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_instrument_alias_instrument_code'))

    op.drop_table('instrument_alias')
    with op.batch_alter_table('country', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_country_region_code'))

    op.drop_table('country')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_project_id'))

    op.drop_table('audit_event')
    op.drop_table('theme')
    op.drop_table('region')
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_title_key'))
        batch_op.drop_index(batch_op.f('ix_project_status'))
        batch_op.drop_index(batch_op.f('ix_project_parent_id'))
        batch_op.drop_index(batch_op.f('ix_project_archived'))

    op.drop_table('project')
    op.drop_table('pillar')
    op.drop_table('norm')
    op.drop_table('instrument')
