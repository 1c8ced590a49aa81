"""The staff workspace's queues (domain.md §12): which ones a person sees, their red counts, and their rows.

Pure reading on top of ``selectors``: each queue is a selector plus the roles that work it, so the menu shows a
desk officer the desk's queues and a leader the signing queue. The queue of dossiers waiting for the applicant (a
supplement or a financial obligation) also lists, for a desk officer, the dossiers of their desk that wait: the
supplement or the payment receipt is brought to the desk (the desk records it), while the dossier's current step
stays with the specialist who asked for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier
from motcua.organization.access import roles_of, units_where
from motcua.organization.models import Role, User

# Roles that work in the staff workspace; administrators work in the admin and are refused here (403).
WORKSPACE_ROLES = frozenset(
    {Role.DESK_OFFICER, Role.SPECIALIST, Role.UNIT_LEADER, Role.CONSULTATION_LIAISON, Role.PROVINCIAL_MONITOR}
)


def waiting_for_applicant(user: User) -> QuerySet[Dossier]:
    """The step holder's waiting dossiers, and the desk's (it records the applicant's supplement or payment)."""
    desks = list(units_where(user, Role.DESK_OFFICER).values_list("pk", flat=True))
    mine = selectors.waiting_for_applicant(user)
    if not desks:
        return mine
    at_my_desk = Dossier.objects.filter(status__in=selectors.WAITING_FOR_APPLICANT, receiving_unit_id__in=desks)
    return mine | at_my_desk


@dataclass(frozen=True)
class Queue:
    slug: str
    label: str | Promise
    rows: Callable[[User], QuerySet[Dossier]]
    roles: frozenset[Role]
    alarm: bool = False  # counted in red ("nhắc việc") on the home page


QUEUES = [
    Queue("moi-tiep-nhan", _("Mới tiếp nhận"), selectors.to_receive, frozenset({Role.DESK_OFFICER}), alarm=True),
    Queue(
        "dang-xu-ly",
        _("Đang xử lý"),
        selectors.to_process,
        frozenset({Role.SPECIALIST, Role.UNIT_LEADER, Role.CONSULTATION_LIAISON}),
        alarm=True,
    ),
    Queue("cho-ky-duyet", _("Chờ ký duyệt"), selectors.to_approve, frozenset({Role.UNIT_LEADER}), alarm=True),
    Queue("cho-tra-ket-qua", _("Chờ trả kết quả"), selectors.to_return, frozenset({Role.DESK_OFFICER}), alarm=True),
    Queue(
        "cho-bo-sung",
        _("Chờ công dân bổ sung, nộp tiền"),
        waiting_for_applicant,
        frozenset({Role.DESK_OFFICER, Role.SPECIALIST, Role.UNIT_LEADER}),
    ),
    Queue(
        "toi-han",
        _("Tới hạn"),
        selectors.due_soon,
        frozenset({Role.DESK_OFFICER, Role.SPECIALIST, Role.UNIT_LEADER}),
        alarm=True,
    ),
    Queue(
        "qua-han",
        _("Quá hạn"),
        selectors.overdue,
        frozenset({Role.DESK_OFFICER, Role.SPECIALIST, Role.UNIT_LEADER}),
        alarm=True,
    ),
]
QUEUES_BY_SLUG = {queue.slug: queue for queue in QUEUES}


def has_workspace_role(user: User) -> bool:
    return any(role in WORKSPACE_ROLES for _unit, role in roles_of(user))


def queues_for(user: User) -> list[Queue]:
    """The queues of the roles ``user`` holds today, in the order staff read them."""
    held = {role for _unit, role in roles_of(user)}
    return [queue for queue in QUEUES if queue.roles & held]


def queue_counts(user: User) -> list[tuple[Queue, int]]:
    """Each of the person's queues with the number of dossiers waiting in it."""
    return [(queue, queue.rows(user).order_by().count()) for queue in queues_for(user)]
