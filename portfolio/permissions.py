"""Who may do what: the five roles, the acting user, and the one table that links them.

This module is pure (no database): services ask `portfolio.accounts.authorise`, which reads the
acting user's current role and state from the database and then applies `allows` below. Pages use
`allows` only to hide what a role cannot do; the services refuse it whatever the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from portfolio.errors import PortfolioError
from portfolio.text import normalise_key


class Role(StrEnum):
    """Role codes, as the CLI, the exports and the dump spell them."""

    VIEWER = "viewer"
    PROGRAMME_MANAGER = "programme-manager"
    DATA_STEWARD = "data-steward"
    BOARD_MEMBER = "board-member"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.VIEWER: "Viewer",
    Role.PROGRAMME_MANAGER: "Programme manager",
    Role.DATA_STEWARD: "Data steward",
    Role.BOARD_MEMBER: "Board member",
    Role.ADMIN: "Administrator",
}

ROLE_CODES: tuple[str, ...] = tuple(r.value for r in Role)


class Permission(StrEnum):
    CREATE_PROJECT = "create projects"
    EDIT_OWN_PROJECT = "edit the projects they own or are named on"
    EDIT_ANY_PROJECT = "edit every project"
    ARCHIVE_PROJECT = "archive or restore projects"
    IMPORT = "import sheets"
    EXPORT = "export the portfolio"
    MERGE = "merge duplicate projects"
    RECORD_VERDICT = "record duplication verdicts and comments"
    READ_AUDIT = "read the audit trail"
    MANAGE_USERS = "manage user accounts"
    TRANSFER = "dump or load the whole database"


_STEWARD = {
    Permission.CREATE_PROJECT,
    Permission.EDIT_OWN_PROJECT,
    Permission.EDIT_ANY_PROJECT,
    Permission.ARCHIVE_PROJECT,
    Permission.IMPORT,
    Permission.EXPORT,
    Permission.MERGE,
    Permission.READ_AUDIT,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: frozenset(),
    Role.PROGRAMME_MANAGER: frozenset({Permission.CREATE_PROJECT, Permission.EDIT_OWN_PROJECT}),
    Role.DATA_STEWARD: frozenset(_STEWARD),
    Role.BOARD_MEMBER: frozenset({Permission.RECORD_VERDICT, Permission.READ_AUDIT}),
    Role.ADMIN: frozenset(Permission),
}


def parse_role(text: str) -> Role:
    """A role from its code (case and spaces forgiven), or a message listing the codes."""
    wanted = text.strip().lower().replace(" ", "-").replace("_", "-")
    for role in Role:
        if wanted in (role.value, role.label.lower().replace(" ", "-")):
            return role
    raise PortfolioError(f"'{text}' is not a role. Roles: {', '.join(ROLE_CODES)}.")


@dataclass(frozen=True)
class Actor:
    """The person (or operating-system account) a service acts for.

    `user_id` is None only for the operating-system account that runs the command line: whoever
    can run it can already open the database file, so it acts with administrator rights.
    """

    name: str
    role: Role
    user_id: int | None = None
    full_name: str | None = None
    email: str | None = None

    @property
    def audit_name(self) -> str:
        """How the audit trail names this actor."""
        return self.name

    @property
    def display_name(self) -> str:
        return self.full_name or self.name


def os_account(name: str) -> Actor:
    """The operating-system account running the CLI, with administrator rights; the audit trail
    names it "NAME (OS account)" so it is never mistaken for an app account of the same name."""
    return Actor(name=f"{name} (OS account)", role=Role.ADMIN, user_id=None)


class PermissionDenied(PortfolioError):
    """The acting user's role does not allow this; nothing was changed."""

    def __init__(self, actor_name: str, role: Role, permission: Permission, detail: str = "") -> None:
        self.role = role
        self.permission = permission
        holders = [r.label.lower() for r in Role if permission in ROLE_PERMISSIONS[r] and r is not Role.ADMIN]
        who = " or ".join([*holders, "an administrator"])
        super().__init__(
            f"{actor_name} ({role.label.lower()}) may not {permission.value}{detail}. Nothing was changed; "
            f"ask {who} to do it."
        )


# Who edits which project, in words (pages show it where editing is not offered).
EDIT_RULE = (
    "programme managers edit the projects they created or whose contact names them; "
    "data stewards and administrators edit every project"
)


def role_summary(role: Role) -> str:
    """What a role may do, in one line."""
    rights = ", ".join(p.value for p in sorted(ROLE_PERMISSIONS[role]))
    return "read the portfolio, coverage and duplicates" + (f"; {rights}" if rights else " (read only)")


def allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def may_edit(actor: Actor, *, owner_id: int | None, contact: str | None) -> bool:
    """Whether the actor may edit a project: every project for stewards and administrators; for a
    programme manager, the projects they own (created) or whose contact names them."""
    if allows(actor.role, Permission.EDIT_ANY_PROJECT):
        return True
    if not allows(actor.role, Permission.EDIT_OWN_PROJECT):
        return False
    if actor.user_id is not None and owner_id == actor.user_id:
        return True
    return named_on(contact, actor)


def named_on(contact: str | None, actor: Actor) -> bool:
    """Whether a project's contact field names this user: their e-mail address, or their full
    name as whole words (accents, case and punctuation ignored)."""
    if not contact:
        return False
    if actor.email and actor.email.lower() in contact.lower():
        return True
    name = normalise_key(actor.full_name or "")
    return bool(name) and f" {name} " in f" {normalise_key(contact)} "
