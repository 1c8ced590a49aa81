"""Errors of the dossier services, so that the UI and the API can answer each one properly (403/409/400)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class ActionNotAllowed(ValidationError):
    """The action does not exist, or is not allowed for this actor at the dossier's current step and status."""


class ConflictError(Exception):
    """The dossier changed since the caller read it (``lock_version`` moved on): reload and try again."""

    def __init__(self, message: str, *, current_version: int) -> None:
        super().__init__(message)
        self.message = message
        self.current_version = current_version
