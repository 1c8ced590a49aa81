"""Who may take money and who may change what is due on a dossier."""

from __future__ import annotations

from motcua.dossiers.models import Dossier
from motcua.organization.access import has_role
from motcua.organization.models import Role


def may_record_payment(user: object, dossier: Dossier) -> bool:
    """The desk officers of the receiving centre take fees and issue receipts."""
    return has_role(user, Role.DESK_OFFICER, unit=dossier.receiving_unit)


def may_adjust_fees(user: object, dossier: Dossier) -> bool:
    """A reduction or exemption is a decision of the resolving unit's leader."""
    return has_role(user, Role.UNIT_LEADER, unit=dossier.resolving_unit)
