"""Users: the accounts, their roles, and what an administrator changes about them."""

import streamlit as st

from portfolio.accounts import (
    MIN_PASSWORD_LENGTH,
    add_user,
    disable_user,
    enable_user,
    list_users,
    set_password,
    set_role,
    unlock_user,
)
from portfolio.errors import PortfolioError, ValidationFailed
from portfolio.permissions import Role, role_summary
from portfolio.tables import users_table
from portfolio.ui import resources
from portfolio.ui.components.identity import current_actor
from portfolio.ui.components.text import plain

actor = current_actor()
st.title("Users")
try:
    with resources.reading() as session:
        users = list_users(session, actor=actor)
except PortfolioError as exc:
    st.error(plain(str(exc)), icon=":material/lock:")
    st.stop()

st.dataframe(users_table(users), hide_index=True, width="stretch")
with st.expander("What each role may do"):
    st.markdown("\n".join(f"- **{each.label}** (`{each.value}`): {role_summary(each)}." for each in Role))


def _report(action: str) -> None:
    st.session_state["users.done"] = action


def _show_error(exc: PortfolioError) -> None:
    issues = exc.issues if isinstance(exc, ValidationFailed) else None
    for line in [str(i) for i in issues] if issues else [str(exc)]:
        st.error(plain(line))


if done := st.session_state.pop("users.done", None):
    st.success(plain(done))

left, right = st.columns(2)
with left, st.form("users.add", clear_on_submit=False):
    st.subheader("Add an account")
    name = st.text_input("Name to sign in with", max_chars=80, key="users.add.name")
    full_name = st.text_input(
        "Full name", max_chars=200, key="users.add.full_name",
        help="A programme manager may edit the projects whose contact names them.",
    )  # fmt: skip
    email = st.text_input("E-mail", max_chars=300, key="users.add.email")
    chosen_role = st.selectbox("Role", list(Role), format_func=lambda r: r.label, key="users.add.role")
    sso_only = st.checkbox("Signs in through single sign-on only (no password)", key="users.add.sso")
    password = st.text_input(
        "Initial password", type="password", key="users.add.password", autocomplete="new-password",
        help=f"At least {MIN_PASSWORD_LENGTH} characters and not a common one. Give it to them in person.",
    )  # fmt: skip
    if st.form_submit_button("Add account", type="primary"):
        try:
            with resources.transaction() as session:
                added = add_user(
                    session,
                    actor=actor,
                    name=name,
                    role=chosen_role or Role.VIEWER,
                    password=None if sso_only else password,
                    full_name=full_name or None,
                    email=email or None,
                )
        except PortfolioError as exc:
            _show_error(exc)
        else:
            _report(f"Added {added.name} as {added.role.label.lower()}.")
            st.rerun()

with right:
    st.subheader("Change an account")
    names = [u.name for u in users]
    chosen = st.selectbox("Account", names, index=None, placeholder="Choose an account", key="users.change.name")
    if chosen:
        user = next(u for u in users if u.name == chosen)
        new_role = (
            st.selectbox(
                "Role", list(Role), index=list(Role).index(user.role), format_func=lambda r: r.label, key="users.role"
            )
            or user.role
        )
        new_password = st.text_input("New password", type="password", key="users.new_password")
        buttons = st.columns(4)
        changes = {
            "role": buttons[0].button("Set role", key="users.set_role"),
            "state": buttons[1].button("Disable" if user.active else "Enable", key="users.toggle"),
            "unlock": buttons[2].button("Unlock", key="users.unlock", disabled=user.locked_until is None),
            "password": buttons[3].button("Set password", key="users.set_password", disabled=not new_password),
        }
        if any(changes.values()):
            try:
                with resources.transaction() as session:
                    if changes["role"]:
                        set_role(session, actor=actor, name=chosen, role=new_role)
                        message = f"{chosen} is now {new_role.label.lower()}."
                    elif changes["state"]:
                        toggle = disable_user if user.active else enable_user
                        toggle(session, actor=actor, name=chosen)
                        message = f"{chosen} is {'disabled' if user.active else 'enabled'}."
                    elif changes["unlock"]:
                        unlock_user(session, actor=actor, name=chosen)
                        message = f"{chosen} is unlocked."
                    else:
                        set_password(session, actor=actor, name=chosen, password=new_password)
                        message = f"{chosen}'s password was set."
            except PortfolioError as exc:
                _show_error(exc)
            else:
                _report(message)
                st.rerun()
