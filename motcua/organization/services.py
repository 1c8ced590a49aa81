"""The only way the unit tree, its successions and role memberships change.

Each rule lives in one ``validate_*`` function that the models' ``clean()`` also calls, so the admin and the
services refuse the same input with the same message. Writers validate the whole change with ``full_clean()``
inside a transaction: bad input raises a translated ``ValidationError`` and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.organization.access import forget_cached_roles
from motcua.organization.models import (
    Membership,
    Role,
    SuccessionKind,
    Unit,
    UnitKind,
    UnitLevel,
    UnitSuccession,
    User,
)

# Fields ``update_unit`` may change. The code is absent on purpose: dossier codes embed it, so a new code is a new
# unit linked by a RENAME succession.
UPDATABLE_UNIT_FIELDS = frozenset({"name", "kind", "level", "parent", "area_code", "valid_from", "valid_to"})


def _day(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else str(_("không thời hạn"))


def _covers(outer_from: dt.date, outer_to: dt.date | None, inner_from: dt.date, inner_to: dt.date | None) -> bool:
    """Whether the closed period [outer_from, outer_to] contains [inner_from, inner_to]; ``None`` is open-ended."""
    if inner_from < outer_from:
        return False
    return outer_to is None or (inner_to is not None and inner_to <= outer_to)


def periods_overlap(a_from: dt.date, a_to: dt.date | None, b_from: dt.date, b_to: dt.date | None) -> bool:
    """Whether two closed periods share a day; ``None`` is open-ended (the Python twin of ``_overlapping``)."""
    return (a_to is None or b_from <= a_to) and (b_to is None or a_from <= b_to)


def _overlapping(queryset: QuerySet, valid_from: dt.date, valid_to: dt.date | None) -> QuerySet:
    """Rows of a (valid_from, valid_to) queryset whose period shares at least one day with the given one."""
    queryset = queryset.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    return queryset if valid_to is None else queryset.filter(valid_from__lte=valid_to)


# --- validators shared with the models' clean() ---------------------------------------------------------------


def validate_unit(unit: Unit) -> None:
    """Dates in order, parent active over the whole validity, no cycle, children and roles kept inside it."""
    if unit.valid_from is None:
        return  # the field error is already reported by clean_fields()
    if unit.valid_to is not None and unit.valid_to < unit.valid_from:
        raise ValidationError({"valid_to": _("Ngày hết hiệu lực phải bằng hoặc sau ngày bắt đầu hiệu lực.")})
    errors: dict[str, list[ValidationError]] = {}
    if unit.parent_id is not None:
        parent = unit.parent
        if _is_ancestor_or_self(unit, parent):
            errors.setdefault("parent", []).append(
                ValidationError(_("Không thể chọn chính đơn vị này hoặc một đơn vị trực thuộc nó làm đơn vị cấp trên."))
            )
        elif not _covers(parent.valid_from, parent.valid_to, unit.valid_from, unit.valid_to):
            errors.setdefault("parent", []).append(
                ValidationError(
                    _(
                        "Đơn vị cấp trên chỉ có hiệu lực từ %(start)s đến %(end)s, không bao trùm toàn bộ thời gian "
                        "hiệu lực của đơn vị này."
                    ),
                    params={"start": _day(parent.valid_from), "end": _day(parent.valid_to)},
                )
            )
    if unit.pk is not None:
        errors.setdefault("valid_to", []).extend(_children_outside(unit, unit.valid_from, unit.valid_to))
        outside_validity = Q(valid_from__lt=unit.valid_from)
        if unit.valid_to is not None:
            outside_validity |= Q(valid_to__isnull=True) | Q(valid_to__gt=unit.valid_to)
        outside = Membership.objects.filter(unit=unit).filter(outside_validity).count()
        if outside:
            errors.setdefault("valid_to", []).append(
                ValidationError(
                    _(
                        "Còn %(count)d phân công vai trò ngoài thời gian hiệu lực mới của đơn vị; hãy kết thúc "
                        "các phân công đó trước."
                    ),
                    params={"count": outside},
                )
            )
    if any(errors.values()):
        raise ValidationError({field: messages for field, messages in errors.items() if messages})


def _children_outside(unit: Unit, valid_from: dt.date, valid_to: dt.date | None) -> list[ValidationError]:
    """Errors for the children of ``unit`` that would outlive the period [valid_from, valid_to]."""
    return [
        ValidationError(
            _("Đơn vị trực thuộc %(child)s có hiệu lực ngoài thời gian hiệu lực mới của đơn vị này."),
            params={"child": child},
        )
        for child in unit.children.all()
        if not _covers(valid_from, valid_to, child.valid_from, child.valid_to)
    ]


def _is_ancestor_or_self(unit: Unit, candidate_parent: Unit) -> bool:
    """Whether ``unit`` appears on the way up from ``candidate_parent`` to the root (a cycle); a loop already in the
    data above the candidate counts as one too, so the walk always ends."""
    if unit.pk is None:
        return False
    seen: set[int] = set()
    current: Unit | None = candidate_parent
    while current is not None and current.pk not in seen:
        if current.pk == unit.pk:
            return True
        seen.add(current.pk)
        current = current.parent
    return current is not None


def validate_membership(membership: Membership) -> None:
    """Dates in order, the unit active over the whole period, no overlapping identical membership."""
    if membership.valid_from is None or membership.unit_id is None or membership.user_id is None:
        return  # the field errors are already reported by clean_fields()
    if membership.valid_to is not None and membership.valid_to < membership.valid_from:
        raise ValidationError({"valid_to": _("Ngày kết thúc phân công phải bằng hoặc sau ngày bắt đầu.")})
    unit = membership.unit
    if not _covers(unit.valid_from, unit.valid_to, membership.valid_from, membership.valid_to):
        raise ValidationError(
            {
                "unit": ValidationError(
                    _("Đơn vị %(unit)s chỉ có hiệu lực từ %(start)s đến %(end)s, không bao trùm thời gian phân công."),
                    params={"unit": unit, "start": _day(unit.valid_from), "end": _day(unit.valid_to)},
                )
            }
        )
    same = Membership.objects.filter(
        user_id=membership.user_id, unit_id=membership.unit_id, role=membership.role
    ).exclude(pk=membership.pk)
    clash = _overlapping(same, membership.valid_from, membership.valid_to).first()
    if clash is not None:
        raise ValidationError(
            {
                "valid_from": ValidationError(
                    _(
                        "Cán bộ đã giữ vai trò này tại đơn vị này từ %(start)s đến %(end)s; hai phân công không "
                        "được trùng thời gian."
                    ),
                    params={"start": _day(clash.valid_from), "end": _day(clash.valid_to)},
                )
            }
        )


def validate_succession(link: UnitSuccession) -> None:
    """One predecessor → successor link: the successor exists on the effective date, the predecessor until the day
    before, and every link out of one predecessor shares the same date and kind (its validity ends once)."""
    if link.predecessor_id is None or link.successor_id is None or link.effective_on is None:
        return  # the field errors are already reported by clean_fields()
    if link.predecessor_id == link.successor_id:
        raise ValidationError({"successor": _("Đơn vị kế thừa phải khác đơn vị cũ.")})
    predecessor, successor = link.predecessor, link.successor
    errors: dict[str, ValidationError] = {}
    if not successor.is_active_on(link.effective_on):
        errors["successor"] = ValidationError(
            _("Đơn vị kế thừa phải có hiệu lực vào ngày %(day)s."), params={"day": _day(link.effective_on)}
        )
    elif link.kind == SuccessionKind.RENAME and successor.valid_from != link.effective_on:
        errors["successor"] = ValidationError(
            _("Khi đổi tên, đơn vị mang tên mới phải bắt đầu hiệu lực đúng ngày %(day)s."),
            params={"day": _day(link.effective_on)},
        )
    if predecessor.valid_from >= link.effective_on:
        errors["effective_on"] = ValidationError(
            _("Ngày hiệu lực phải sau ngày đơn vị cũ bắt đầu hiệu lực (%(start)s)."),
            params={"start": _day(predecessor.valid_from)},
        )
    elif predecessor.valid_to is not None and predecessor.valid_to < link.effective_on - dt.timedelta(days=1):
        errors["effective_on"] = ValidationError(
            _("Đơn vị cũ đã hết hiệu lực từ ngày %(end)s, trước ngày hiệu lực của việc kế thừa."),
            params={"end": _day(predecessor.valid_to)},
        )
    elif (
        UnitSuccession.objects.filter(predecessor_id=link.predecessor_id)
        .exclude(pk=link.pk)
        .exclude(effective_on=link.effective_on, kind=link.kind)
        .exists()
    ):
        errors["effective_on"] = ValidationError(
            _("Đơn vị cũ đã được ghi nhận kế thừa với hình thức hoặc ngày hiệu lực khác.")
        )
    else:
        blockers = _ending_blockers(predecessor, link.effective_on - dt.timedelta(days=1))
        if blockers:
            errors["predecessor"] = ValidationError(blockers)
    if errors:
        raise ValidationError(errors)


def _ending_blockers(unit: Unit, last_day: dt.date) -> list[ValidationError]:
    """Why ``unit`` cannot end on ``last_day``: children outliving it, or roles starting afterwards (open roles are
    simply ended with it)."""
    blockers = _children_outside(unit, unit.valid_from, last_day)
    late = Membership.objects.filter(unit=unit, valid_from__gt=last_day).count()
    if late:
        blockers.append(
            ValidationError(
                _("Còn %(count)d phân công vai trò bắt đầu sau ngày %(day)s; hãy hủy hoặc chuyển các phân công đó."),
                params={"count": late, "day": _day(last_day)},
            )
        )
    return blockers


def commune_unit_code(province_code: int, ward_code: int) -> str:
    """The generated electronic code of a commune's People's Committee (scheme: the import_communes command)."""
    return f"000.00.{ward_code:05d}.H{province_code:02d}"


def commune_unit_name(ward_name: str) -> str:
    """'Phường Xuân Hương - Đà Lạt' → 'Ủy ban nhân dân phường Xuân Hương - Đà Lạt'."""
    return f"Ủy ban nhân dân {ward_name[:1].lower()}{ward_name[1:]}"


# --- units ------------------------------------------------------------------------------------------------------


def create_unit(
    *,
    code: str,
    name: str,
    kind: UnitKind | str,
    level: UnitLevel | str,
    valid_from: dt.date,
    parent: Unit | None = None,
    area_code: str = "",
    valid_to: dt.date | None = None,
) -> Unit:
    """Create a unit after checking its code, dates and parent."""
    unit = Unit(
        code=code,
        name=name,
        kind=kind,
        level=level,
        parent=parent,
        area_code=area_code,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    with transaction.atomic():
        unit.full_clean()
        unit.save()
    return unit


def update_unit(unit: Unit, **changes: object) -> Unit:
    """Change some of a unit's fields (not its code); returns a fresh instance and leaves ``unit`` untouched."""
    unknown = set(changes) - UPDATABLE_UNIT_FIELDS
    if unknown:
        raise TypeError(f"update_unit() cannot change {', '.join(sorted(unknown))}")
    with transaction.atomic():
        fresh = Unit.objects.select_for_update().get(pk=unit.pk)
        for field, value in changes.items():
            setattr(fresh, field, value)
        fresh.full_clean()
        fresh.save()
    return fresh


def end_unit(unit: Unit, *, last_day: dt.date) -> Unit:
    """End a unit's validity on ``last_day``, ending its open role memberships the same day.

    Memberships that would start after ``last_day`` and children still valid afterwards are refused rather than
    silently changed: they need a decision (a successor unit, a reassignment)."""
    with transaction.atomic():
        fresh = Unit.objects.select_for_update().get(pk=unit.pk)
        if fresh.valid_to is not None and fresh.valid_to < last_day:
            raise ValidationError(
                _("Đơn vị %(unit)s đã hết hiệu lực từ ngày %(end)s."),
                params={"unit": fresh, "end": _day(fresh.valid_to)},
            )
        if last_day < fresh.valid_from:
            raise ValidationError(
                _("Ngày kết thúc không được trước ngày đơn vị bắt đầu hiệu lực (%(start)s)."),
                params={"start": _day(fresh.valid_from)},
            )
        blockers = _ending_blockers(fresh, last_day)
        if blockers:
            raise ValidationError(blockers)
        Membership.objects.filter(unit=fresh, valid_from__lte=last_day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=last_day)
        ).update(valid_to=last_day)
        fresh.valid_to = last_day
        fresh.full_clean()
        fresh.save(update_fields=["valid_to"])
    return fresh


# --- successions ------------------------------------------------------------------------------------------------


def record_succession(
    *,
    kind: SuccessionKind | str,
    predecessors: Sequence[Unit],
    successors: Sequence[Unit],
    effective_on: dt.date,
    note: str = "",
) -> list[UnitSuccession]:
    """Link predecessors to successors from ``effective_on`` and end each predecessor the day before.

    A merge has one successor, a split one predecessor, a rename one of each. Moving open dossiers to the
    successor is a separate step (it needs a choice of successor for each dossier of a split unit)."""
    predecessors, successors = list(predecessors), list(successors)
    if not predecessors or not successors:
        raise ValidationError(_("Cần ít nhất một đơn vị cũ và một đơn vị kế thừa."))
    if kind == SuccessionKind.MERGE and len(successors) != 1:
        raise ValidationError(_("Sáp nhập chỉ có một đơn vị kế thừa."))
    if kind == SuccessionKind.SPLIT and len(predecessors) != 1:
        raise ValidationError(_("Chia tách chỉ có một đơn vị cũ."))
    if kind == SuccessionKind.RENAME and (len(predecessors), len(successors)) != (1, 1):
        raise ValidationError(_("Đổi tên chỉ gồm một đơn vị cũ và một đơn vị mang tên mới."))
    if {unit.pk for unit in predecessors} & {unit.pk for unit in successors}:
        raise ValidationError(_("Một đơn vị không thể vừa là đơn vị cũ vừa là đơn vị kế thừa."))
    with transaction.atomic():
        return [
            save_succession_link(
                UnitSuccession(
                    predecessor=predecessor, successor=successor, kind=kind, effective_on=effective_on, note=note
                )
            )
            for predecessor in predecessors
            for successor in successors
        ]


def save_succession_link(link: UnitSuccession) -> UnitSuccession:
    """Validate and save one new link, ending its predecessor the day before it takes effect (the admin's path)."""
    with transaction.atomic():
        link.full_clean()
        link.save()
        end_unit(link.predecessor, last_day=link.effective_on - dt.timedelta(days=1))
    return link


def units_as_of(unit: Unit, day: dt.date) -> list[Unit]:
    """The units that carry on ``unit``'s business on ``day``: itself while active, else its successors, followed
    down the chain. Empty before the unit existed or after it was abolished without a successor. Used to show
    statistics "as then" (the recorded unit) or re-mapped to the units of a later day."""
    start = Unit.objects.get(pk=unit.pk)  # the caller's instance may predate a succession that ended it
    if day < start.valid_from:
        return []
    found: dict[int, Unit] = {}
    seen: set[int] = set()
    frontier = [start]
    while frontier:
        current = frontier.pop()
        if current.pk in seen:
            continue
        seen.add(current.pk)
        if current.is_active_on(day):
            found[current.pk] = current
            continue
        links = current.successions_out.filter(effective_on__lte=day).select_related("successor")
        frontier.extend(link.successor for link in links)
    return sorted(found.values(), key=lambda u: u.code)


def current_units_for(unit: Unit) -> list[Unit]:
    """Today's units for ``unit`` (see ``units_as_of``)."""
    return units_as_of(unit, timezone.localdate())


def successor_on(unit: Unit, day: dt.date) -> Unit | None:
    """The one unit answering for ``unit`` on ``day`` (itself while active); ``None`` when it was abolished.

    A split unit has several successors, and which one takes over a given dossier is a decision, not a lookup."""
    units = units_as_of(unit, day)
    if len(units) > 1:
        raise ValidationError(
            _("Đơn vị %(unit)s đã chia tách thành %(units)s; cần chọn đơn vị kế thừa."),
            params={"unit": unit, "units": ", ".join(u.code for u in units)},
        )
    return units[0] if units else None


# --- role memberships -------------------------------------------------------------------------------------------


def assign_role(
    *, user: User, unit: Unit, role: Role | str, valid_from: dt.date, valid_to: dt.date | None = None
) -> Membership:
    """Give ``user`` a role in ``unit`` for a period.

    Entering the admin site stays the account's own ``is_staff`` switch; the role decides what can be done there."""
    membership = Membership(user=user, unit=unit, role=role, valid_from=valid_from, valid_to=valid_to)
    with transaction.atomic():
        membership.full_clean()
        membership.save()
    forget_cached_roles(user)
    return membership


def end_membership(membership: Membership, *, last_day: dt.date) -> Membership:
    """End a role membership on ``last_day``; it can be shortened, never extended past an earlier end."""
    with transaction.atomic():
        fresh = Membership.objects.select_for_update().select_related("unit", "user").get(pk=membership.pk)
        if fresh.valid_to is not None and fresh.valid_to < last_day:
            raise ValidationError(
                {
                    "valid_to": ValidationError(
                        _("Phân công này đã kết thúc ngày %(end)s."), params={"end": _day(fresh.valid_to)}
                    )
                }
            )
        fresh.valid_to = last_day
        fresh.full_clean()
        fresh.save(update_fields=["valid_to"])
    forget_cached_roles(membership.user)
    return fresh


def holders(unit: Unit, role: Role | str, on: dt.date) -> QuerySet[User]:
    """Active accounts holding ``role`` in ``unit`` on day ``on`` (who can take a process step)."""
    memberships = Membership.objects.active_on(on).filter(unit=unit, role=role)
    return User.objects.filter(is_active=True, pk__in=memberships.values("user_id"))
