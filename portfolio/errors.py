"""The one small error hierarchy. Pages and the CLI catch PortfolioError and show it;
anything else is a bug and propagates."""

from __future__ import annotations

from dataclasses import dataclass


class PortfolioError(Exception):
    """Base of every error a user can act on."""


@dataclass(frozen=True)
class FieldIssue:
    """One problem (or warning) with one field of a project, in words a user understands."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ValidationFailed(PortfolioError):
    """The input breaks one or more rules; nothing was saved."""

    def __init__(self, issues: list[FieldIssue]) -> None:
        self.issues = issues
        super().__init__("; ".join(str(i) for i in issues))


class NotFound(PortfolioError):
    """A project (or other record) that was asked for does not exist."""


class VersionConflict(PortfolioError):
    """Somebody else changed the record since the user loaded it; nothing was overwritten."""

    def __init__(self, ref: str, seen_version: int, current_version: int, changed_by: str | None) -> None:
        self.ref = ref
        self.seen_version = seen_version
        self.current_version = current_version
        self.changed_by = changed_by
        who = f" by {changed_by}" if changed_by else ""
        super().__init__(
            f"Project {ref} was changed{who} since you opened it (you saw version {seen_version}, "
            f"it is now version {current_version}). Nothing was saved: reload it and apply your changes again."
        )


class DatabaseUnavailable(PortfolioError):
    """The database cannot be reached or is not set up."""


class ConcurrentChange(PortfolioError):
    """Another session wrote the same records at the same moment; nothing was written. Retry."""
