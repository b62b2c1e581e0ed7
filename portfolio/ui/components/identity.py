"""Who is signed in, for how long, and the gate in front of every page: the first-run page on an
empty database, the sign-in page otherwise, and a sign-out after a spell without activity.

The signed-in account lives in this browser session only (Streamlit keeps session state per open
tab; a reload asks to sign in again). On every rerun the account is read back from the database,
so a disabled account or a changed role takes effect at once.
"""

from __future__ import annotations

import time

import streamlit as st

from portfolio.access import active_actor
from portfolio.accounts import (
    MIN_PASSWORD_LENGTH,
    change_own_password,
    create_first_administrator,
    needs_first_administrator,
    sign_in,
    sign_in_with_sso,
)
from portfolio.errors import PortfolioError, ValidationFailed
from portfolio.permissions import Actor
from portfolio.settings import load_settings
from portfolio.ui import resources
from portfolio.ui.components.text import plain

_USER = "auth.user_id"
_SEEN = "auth.last_seen"
_NOTICE = "auth.notice"
_ACTOR = "auth.actor"


def auth_gate() -> Actor | None:
    """The signed-in actor, or None after showing the page that gets them there."""
    with resources.reading() as session:
        first_run = needs_first_administrator(session)
    if first_run:
        _first_administrator_page()
        return None
    actor = _session_actor()
    if actor is None and _sso_signed_in():
        actor = _sso_actor()
    if actor is None:
        _sign_in_page()
        return None
    st.session_state[_ACTOR] = actor
    _sidebar(actor)
    return actor


def current_actor() -> Actor:
    """The actor the gate let through on this run (pages only run after it)."""
    actor = st.session_state.get(_ACTOR)
    if not isinstance(actor, Actor):
        st.stop()
    return actor


def _session_actor() -> Actor | None:
    user_id = st.session_state.get(_USER)
    if user_id is None:
        return None
    idle_minutes = load_settings().session_idle_minutes
    if time.time() - float(st.session_state.get(_SEEN, 0)) > idle_minutes * 60:
        minutes = f"{idle_minutes} minute{'s' if idle_minutes != 1 else ''}"
        _sign_out(f"You were signed out after {minutes} without activity. Sign in again to go on.")
        return None
    with resources.reading() as session:
        actor = active_actor(session, user_id=int(user_id))
    if actor is None:
        _sign_out("Your account was disabled. Ask an administrator.")
        return None
    st.session_state[_SEEN] = time.time()
    return actor


def _start(actor: Actor) -> None:
    st.session_state[_USER] = actor.user_id
    st.session_state[_SEEN] = time.time()
    st.session_state.pop(_NOTICE, None)


def _sign_out(notice: str | None = None) -> None:
    for key in (_USER, _SEEN, _ACTOR):
        st.session_state.pop(key, None)
    if notice:
        st.session_state[_NOTICE] = notice


def _sign_in_page() -> None:
    st.title("Sign in")
    st.caption("CCB portfolio: the EU Cyber Capacity Building Board's project portfolio.")
    if notice := st.session_state.get(_NOTICE):
        st.info(notice, icon=":material/logout:")
    with st.form("sign_in", border=True, enter_to_submit=True):
        name = st.text_input("Name", key="sign_in.name", max_chars=80, autocomplete="username")
        password = st.text_input(
            "Password", key="sign_in.password", type="password", max_chars=256, autocomplete="current-password"
        )
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        with resources.transaction() as session:  # a failed attempt is counted, so it commits too
            outcome = sign_in(session, name=name, password=password)
        if outcome.actor is None:
            st.error(plain(outcome.message), icon=":material/lock:")
        else:
            _start(outcome.actor)
            st.rerun()
    st.caption(
        "No account yet? An administrator adds one (on the Users page, or with "
        "`python -m portfolio users add NAME --role ROLE`). Five wrong passwords lock an account for 15 minutes."
    )
    if _sso_configured():
        st.divider()
        st.button("Sign in with single sign-on", on_click=st.login, icon=":material/badge:")


def _first_administrator_page() -> None:
    st.title("Set up the portfolio")
    st.markdown(
        "This portfolio has no user accounts yet. Create the **first administrator**: they can then add "
        "everyone else, with a role each, on the Users page. There is no default password."
    )
    with st.form("first_admin", border=True):
        name = st.text_input("Name to sign in with", key="first_admin.name", max_chars=80, autocomplete="username")
        full_name = st.text_input("Full name", key="first_admin.full_name", max_chars=200)
        email = st.text_input("E-mail (optional)", key="first_admin.email", max_chars=300)
        password = st.text_input(
            "Password",
            key="first_admin.password",
            type="password",
            max_chars=256,
            autocomplete="new-password",
            help=f"At least {MIN_PASSWORD_LENGTH} characters, and not a common password. A few unrelated words work.",
        )
        again = st.text_input("The same password again", key="first_admin.again", type="password", max_chars=256)
        submitted = st.form_submit_button("Create the administrator and sign in", type="primary")
    if not submitted:
        return
    if password != again:
        st.error("The two passwords differ.")
        return
    try:
        with resources.transaction() as session:
            actor = create_first_administrator(
                session, name=name, password=password, full_name=full_name or None, email=email or None
            )
    except ValidationFailed as exc:
        for issue in exc.issues:
            st.error(plain(str(issue)))
    except PortfolioError as exc:
        st.error(plain(str(exc)))
    else:
        _start(actor)
        st.rerun()


@st.fragment(run_every=60)
def _idle_watch() -> None:
    """Once a minute, without counting as activity: past the idle limit, rerun the whole app so the
    gate signs out and an unattended screen stops showing the portfolio."""
    idle_minutes = load_settings().session_idle_minutes
    if _USER in st.session_state and time.time() - float(st.session_state.get(_SEEN, 0)) > idle_minutes * 60:
        st.rerun(scope="app")


def _sidebar(actor: Actor) -> None:
    with st.sidebar:
        _idle_watch()
        st.markdown(f"**{plain(actor.display_name)}**  \n{actor.role.label}")
        with st.popover("Account", icon=":material/account_circle:"):
            _change_password_form(actor)
        if st.button("Sign out", icon=":material/logout:", key="auth.sign_out"):
            _sign_out("You signed out.")
            if _sso_signed_in():
                st.logout()
            st.rerun()


def _change_password_form(actor: Actor) -> None:
    if actor.user_id is None:
        return
    with st.form("own_password", border=False):
        current = st.text_input("Current password", type="password", key="own_password.current")
        new = st.text_input(
            "New password", type="password", key="own_password.new", help=f"At least {MIN_PASSWORD_LENGTH} characters."
        )
        submitted = st.form_submit_button("Change my password")
    if submitted:
        try:
            with resources.transaction() as session:
                change_own_password(session, actor=actor, current_password=current, new_password=new)
        except PortfolioError as exc:
            st.error(plain(str(exc)))
        else:
            st.success("Your password was changed.")


# --- optional single sign-on (OpenID Connect through st.login) -------------------------------------


def _sso_configured() -> bool:
    """Single sign-on is on when .streamlit/secrets.toml has an [auth] section (see the README)."""
    try:
        return "auth" in st.secrets
    except Exception:
        return False


def _sso_signed_in() -> bool:
    return _sso_configured() and bool(getattr(st.user, "is_logged_in", False))


def _sso_actor() -> Actor | None:
    email = st.user.get("email")
    with resources.transaction() as session:
        outcome = sign_in_with_sso(session, email=str(email) if email else None)
    if outcome.actor is None:
        st.session_state[_NOTICE] = outcome.message
        return None
    _start(outcome.actor)
    return outcome.actor
