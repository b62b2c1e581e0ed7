"""New / edit project: the form, saved through one service call."""

import streamlit as st

from portfolio.duplicates import lookalikes_of_new
from portfolio.errors import NotFound, ValidationFailed, VersionConflict
from portfolio.permissions import EDIT_RULE, Permission, PermissionDenied, allows, may_edit
from portfolio.projects import ProjectFilter, save_project
from portfolio.ui import resources
from portfolio.ui.components.flash import flash
from portfolio.ui.components.identity import current_actor
from portfolio.ui.components.lookalikes import hold_for_lookalikes, lookalike_check
from portfolio.ui.components.project_form import (
    ParentChoice,
    conflict_message,
    load_form,
    project_form,
    reset_form,
    seen_version,
    show_conflict,
    show_problems,
)
from portfolio.ui.components.text import plain
from portfolio.ui.navigation import project_page

vocabulary = resources.vocabulary()
actor = current_actor()
raw_id = st.query_params.get("id", "")
record = None
if raw_id.isdigit():
    try:
        record = resources.project(int(raw_id))
    except NotFound:
        st.error(f"There is no project with id {raw_id} to edit.")
        st.stop()

st.title(f"Edit {record.ref or record.title}" if record else "New project")
if record and not may_edit(actor, owner_id=record.owner_id, contact=record.contact):
    st.warning(f"As {actor.role.label.lower()} you may not edit this project: {EDIT_RULE}.", icon=":material/lock:")
    st.stop()
if record is None and not allows(actor.role, Permission.CREATE_PROJECT):
    st.warning(f"As {actor.role.label.lower()} you may not create projects.", icon=":material/lock:")
    st.stop()
st.caption("Fields marked * are required. Nothing is saved until you press the button at the bottom.")
load_form(record, vocabulary)

conflict = conflict_message()
if conflict and record:
    st.error(plain(conflict), icon=":material/sync_problem:")
    if st.button("Reload the current version (your unsaved changes are dropped)", icon=":material/refresh:"):
        load_form(record, vocabulary, force=True)
        st.rerun()

parents = [
    ParentChoice(p.ref, p.title)
    for p in resources.projects(ProjectFilter())
    if p.ref and (not record or p.id != record.id)
]
values = project_form(
    vocabulary,
    organisation_names=resources.organisation_names(),
    parents=parents,
    submit_label="Save changes" if record else "Create project",
)
pending = lookalike_check()
if pending is not None and record is None:
    values = pending  # the user chose to save it although it looks like a stored project
elif values is not None and record is None:
    try:
        with resources.transaction() as session:
            similar = lookalikes_of_new(session, data=values, vocabulary=vocabulary)
    except ValidationFailed:
        similar = []  # the save below reports the problems beside the fields
    if similar:
        hold_for_lookalikes(values, similar)
        st.rerun()
if values is not None:
    try:
        with resources.transaction() as session:
            saved = save_project(
                session,
                data=values,
                vocabulary=vocabulary,
                actor=actor,
                project_id=record.id if record else None,
                expected_version=seen_version(),
            )
    except ValidationFailed as exc:
        show_problems(exc.issues)
        st.rerun()
    except VersionConflict as exc:
        show_conflict(str(exc))
        st.rerun()
    except PermissionDenied as exc:
        st.error(plain(str(exc)), icon=":material/lock:")
        st.stop()
    reset_form()
    flash("success", f"{'Created' if saved.created else 'Saved'} {saved.record.ref or saved.record.title}.")
    for warning in saved.warnings:
        flash("warning", warning.message)
    st.switch_page(project_page(), query_params={"id": str(saved.record.id)})
