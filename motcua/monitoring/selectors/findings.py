"""Compliance findings, computed on demand for a period from the dossiers' records and events (nothing typed in).

Each rule is one function returning ``Finding`` rows: the rule, its evidence (event ids and record rows), the
responsible unit and official. A rule whose records do not exist yet would be listed in ``NOT_MEASURED`` with the
reason; when its feature arrives, the rule becomes one more function in ``RULES``. Every rule reads a bounded number
of queries, whatever the number of dossiers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import ProcedureVersion, Process, ProcessStatus, Step, UnitSelector, VersionStatus
from motcua.consultations.models import Consultation
from motcua.dossiers.models import (
    ClockPause,
    Dossier,
    DossierEvent,
    EventAction,
    Judgement,
    StepVisit,
    SupplementationRequest,
)
from motcua.dossiers.services.clock import Calendars
from motcua.monitoring.config import findings_config
from motcua.monitoring.selectors.figures import OPEN_STATUSES, apology_missing, base, in_scope
from motcua.monitoring.selectors.scope import Filters
from motcua.organization.models import Membership, Unit, User


class Rule(models.TextChoices):
    SUPPLEMENT_BEYOND = "bo-sung-qua-so-lan", _("Yêu cầu bổ sung nhiều hơn số lần cho phép")
    COMPONENT_OUTSIDE = "yeu-cau-ngoai-danh-muc", _("Yêu cầu giấy tờ ngoài danh mục thành phần đã công bố")
    PAPER_UNCONFIRMED = "ho-so-giay-chua-xac-nhan", _("Bàn giao hồ sơ giấy chưa được xác nhận")
    NO_ACTIVE_PROCESS = "thu-tuc-chua-co-quy-trinh", _("Thủ tục đã công bố chưa có quy trình điện tử đang áp dụng")
    STEP_WITHOUT_HOLDER = "buoc-khong-co-nguoi-xu-ly", _("Bước quy trình không có người giữ vai trò tại đơn vị")
    HELD_TOO_LONG = "giu-ho-so-qua-lau", _("Hồ sơ bị giữ ở một bước quá lâu so với thời gian được giao")
    NO_APOLOGY = "qua-han-khong-xin-loi", _("Hồ sơ quá hạn không có văn bản xin lỗi")
    RESCHEDULED_TWICE = "hen-lai-hai-lan", _("Hồ sơ hẹn lại ngày trả kết quả hơn một lần")
    CONSULTATION_LATE = "lay-y-kien-tre-han", _("Cơ quan được lấy ý kiến trả lời trễ hạn")


NOT_MEASURED: dict[Rule, str] = {}


@dataclasses.dataclass(frozen=True)
class Finding:
    """One breach of ``rule``; ``key`` identifies it within the rule (the id of its main record)."""

    rule: Rule
    key: str
    summary: str
    at: dt.datetime | None
    dossier: Dossier | None = None
    unit: Unit | None = None
    official: User | None = None
    event_ids: tuple[int, ...] = ()
    rows: tuple[tuple[str, int], ...] = ()  # (model label, primary key) of the records proving it


def _in_period(filters: Filters, field: str) -> Q:
    return Q(**{f"{field}__gte": filters.period.start_at, f"{field}__lt": filters.period.end_at})


def _scoped(filters: Filters, field: str = "dossier") -> Q:
    """Records of dossiers inside the filters' units, sector and procedure."""
    if filters.units is None and filters.sector_id is None and filters.procedure_id is None:
        return Q()
    return Q(**{f"{field}__in": filters.dossiers().values("pk")})


def _events(dossier_ids: Iterable[int], *actions: EventAction) -> dict[int, list[DossierEvent]]:
    """The dossiers' events of the given kinds, per dossier, in order (one query)."""
    found: dict[int, list[DossierEvent]] = defaultdict(list)
    rows = DossierEvent.objects.filter(dossier_id__in=sorted(set(dossier_ids)), action__in=actions).order_by(
        "dossier_id", "seq"
    )
    for event in rows:
        found[event.dossier_id].append(event)
    return found


def _request_event(events: list[DossierEvent], number: int) -> tuple[int, ...]:
    return tuple(e.pk for e in events if e.payload.get("number") == number)


def supplement_beyond(filters: Filters) -> list[Finding]:
    """More supplementation requests than the procedure allows (beyond its limit, or flagged so when made)."""
    requests = list(
        SupplementationRequest.objects.filter(_in_period(filters, "requested_at"), _scoped(filters))
        .filter(Q(beyond_limit=True) | Q(number__gt=F("dossier__procedure_version__supplementation_limit")))
        .select_related("dossier__current_unit", "dossier__resolving_unit", "author", "approver")
        .order_by("requested_at", "pk")
    )
    events = _events((r.dossier_id for r in requests), EventAction.SUPPLEMENT_REQUESTED)
    findings = []
    for request in requests:
        evidence = _request_event(events[request.dossier_id], request.number)
        unit = next((e.unit for e in events[request.dossier_id] if e.pk in evidence), request.dossier.resolving_unit)
        findings.append(
            Finding(
                Rule.SUPPLEMENT_BEYOND,
                str(request.pk),
                gettext("Yêu cầu bổ sung lần %(number)s (người phê duyệt: %(approver)s).")
                % {"number": request.number, "approver": request.approver or "—"},
                request.requested_at,
                request.dossier,
                unit,
                request.author,
                evidence,
                (("dossiers.supplementationrequest", request.pk),),
            )
        )
    return findings


def component_outside(filters: Filters) -> list[Finding]:
    """A supplementation request listing a paper outside the dossier's pinned version.

    The dossier services refuse such a request, so this should never fire; it stays as the auditor's check that
    nothing (an import, a manual fix in the database) slipped one in.
    """
    through = SupplementationRequest.items.through
    rows = list(
        through.objects.filter(
            _in_period(filters, "supplementationrequest__requested_at"),
            _scoped(filters, "supplementationrequest__dossier"),
        )
        .exclude(component__version_id=F("supplementationrequest__dossier__procedure_version_id"))
        .select_related(
            "component", "supplementationrequest__dossier__resolving_unit", "supplementationrequest__author"
        )
        .order_by("supplementationrequest_id", "pk")
    )
    by_request: dict[int, list] = defaultdict(list)
    for row in rows:
        by_request[row.supplementationrequest_id].append(row)
    events = _events((row.supplementationrequest.dossier_id for row in rows), EventAction.SUPPLEMENT_REQUESTED)
    findings = []
    for request_id, items in by_request.items():
        request = items[0].supplementationrequest
        findings.append(
            Finding(
                Rule.COMPONENT_OUTSIDE,
                str(request_id),
                gettext("Yêu cầu bổ sung lần %(number)s có giấy tờ ngoài danh mục: %(names)s.")
                % {"number": request.number, "names": "; ".join(str(item.component) for item in items)},
                request.requested_at,
                request.dossier,
                request.dossier.resolving_unit,
                request.author,
                _request_event(events[request.dossier_id], request.number),
                (("dossiers.supplementationrequest", request_id),),
            )
        )
    return findings


def paper_unconfirmed(filters: Filters) -> list[Finding]:
    """A paper file handed over during the period and still not confirmed by the receiver after the grace time."""
    grace = findings_config().paper_grace
    visits = list(
        StepVisit.objects.filter(
            _in_period(filters, "entered_at"),
            _scoped(filters),
            paper_handed_over=True,
            paper_confirmed_at__isnull=True,
            entered_at__lt=filters.as_of - grace,
        )
        .select_related("dossier", "unit", "holder", "step")
        .order_by("entered_at", "pk")
    )
    events = _events((v.dossier_id for v in visits), EventAction.FORWARDED, EventAction.SENT_BACK)
    return [
        Finding(
            Rule.PAPER_UNCONFIRMED,
            str(visit.pk),
            gettext("Hồ sơ giấy giao cho bước “%(step)s” lúc %(at)s chưa được xác nhận đã nhận.")
            % {"step": visit.step.name, "at": timezone.localtime(visit.entered_at).strftime("%H:%M %d/%m/%Y")},
            visit.entered_at,
            visit.dossier,
            visit.unit,
            visit.holder,
            tuple(e.pk for e in events[visit.dossier_id] if e.at == visit.entered_at),
            (("dossiers.stepvisit", visit.pk),),
        )
        for visit in visits
    ]


def no_active_process(filters: Filters) -> list[Finding]:
    """A procedure version published and in force during the period without an active approved process.

    Province-wide (the catalog has no owning unit): shown when the question covers the whole province.
    """
    if filters.units is not None:
        return []
    active = Process.objects.filter(version=OuterRef("pk"), status=ProcessStatus.ACTIVE)
    versions = (
        ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED, valid_from__lte=filters.period.end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=filters.period.start))
        .exclude(Exists(active))
        .select_related("procedure", "published_by")
    )
    if filters.sector_id is not None:
        versions = versions.filter(procedure__sector_id=filters.sector_id)
    if filters.procedure_id is not None:
        versions = versions.filter(procedure_id=filters.procedure_id)
    return [
        Finding(
            Rule.NO_ACTIVE_PROCESS,
            str(version.pk),
            gettext("Thủ tục %(version)s đã công bố nhưng chưa có quy trình điện tử đang áp dụng.")
            % {"version": version},
            version.published_at,
            official=version.published_by,
            rows=(("catalog.procedureversion", version.pk),),
        )
        for version in versions.order_by("procedure__code", "number")
    ]


def step_without_holder(filters: Filters) -> list[Finding]:
    """A step of an active process whose role nobody holds in its unit today: for fixed units always, for the
    receiving or resolving unit wherever open dossiers stand at that step."""
    today = timezone.localdate(filters.now)
    held = set(
        Membership.objects.active_on(today).filter(user__is_active=True).values_list("unit_id", "role").distinct()
    )
    steps = Step.objects.filter(process__status=ProcessStatus.ACTIVE).select_related("process__version__procedure")
    findings = []
    for step in steps.filter(unit_selector=UnitSelector.FIXED).select_related("unit").order_by("pk"):
        if (step.unit_id, step.role) in held or (filters.units is not None and step.unit_id not in filters.units):
            continue
        findings.append(_holder_finding(step, step.unit, (), filters))
    standing = (
        Dossier.objects.filter(status__in=OPEN_STATUSES, current_step__process__status=ProcessStatus.ACTIVE)
        .exclude(current_step__unit_selector=UnitSelector.FIXED)
        .filter(_scoped(filters, "pk"))
        .order_by()
        .values("current_step_id", "current_step__role", "current_unit_id")
        .annotate(n=Count("pk"))
    )
    missing = {
        (row["current_step_id"], row["current_unit_id"])
        for row in standing
        if (row["current_unit_id"], row["current_step__role"]) not in held
    }
    if not missing:
        return findings
    step_rows = steps.in_bulk({step_id for step_id, _unit in missing})
    units = Unit.objects.in_bulk({unit_id for _step, unit_id in missing})
    dossiers: dict[tuple[int, int], list[int]] = defaultdict(list)
    for pk, step_id, unit_id in (
        Dossier.objects.filter(
            status__in=OPEN_STATUSES,
            current_step_id__in={step_id for step_id, _unit in missing},
            current_unit_id__in={unit_id for _step, unit_id in missing},
        )
        .order_by("received_at")
        .values_list("pk", "current_step_id", "current_unit_id")
    ):
        dossiers[(step_id, unit_id)].append(pk)
    for step_id, unit_id in sorted(missing):
        findings.append(
            _holder_finding(step_rows[step_id], units[unit_id], tuple(dossiers[(step_id, unit_id)]), filters)
        )
    return findings


def _holder_finding(step: Step, unit: Unit, dossier_ids: tuple[int, ...], filters: Filters) -> Finding:
    summary = gettext("Không ai giữ vai trò “%(role)s” tại %(unit)s cho bước “%(step)s” của thủ tục %(procedure)s.") % {
        "role": step.get_role_display(),
        "unit": unit.name,
        "step": step.name,
        "procedure": step.process.version.procedure.code,
    }
    if dossier_ids:
        summary += " " + gettext("%(count)s hồ sơ đang chờ ở bước này.") % {"count": len(dossier_ids)}
    return Finding(
        Rule.STEP_WITHOUT_HOLDER,
        f"{step.pk}-{unit.pk}",
        summary,
        filters.now,
        unit=unit,
        rows=(("catalog.step", step.pk), *(("dossiers.dossier", pk) for pk in dossier_ids)),
    )


def held_too_long(filters: Filters) -> list[Finding]:
    """A stay at one step during the period longer than ``held_factor`` × the step's allotment, in working time
    with the applicant's waiting excluded. Only stays already past their step due instant are measured."""
    factor = findings_config().held_factor
    as_of = filters.as_of
    candidates = list(
        StepVisit.objects.filter(_scoped(filters), entered_at__lt=filters.period.end_at, due_at__isnull=False)
        .filter(
            Q(left_at__isnull=True, due_at__lt=as_of) | Q(left_at__gte=filters.period.start_at, left_at__gt=F("due_at"))
        )
        .select_related("dossier", "step", "unit", "holder", "left_by")
        .order_by("entered_at", "pk")
    )
    pauses: dict[int, list[tuple[dt.datetime, dt.datetime | None]]] = defaultdict(list)
    for dossier_id, start, end in (
        ClockPause.objects.filter(dossier_id__in={v.dossier_id for v in candidates})
        .values_list("dossier_id", "started_at", "ended_at")
        .order_by("dossier_id", "started_at")
    ):
        pauses[dossier_id].append((start, end))
    calendars = Calendars()
    slow = []
    for visit in candidates:
        end = min(visit.left_at or as_of, as_of)
        spent = calendars.of(visit.unit.code).working_minutes_between(visit.entered_at, end, pauses[visit.dossier_id])
        if spent > factor * visit.step.allotted_minutes:
            slow.append((visit, spent))
    events = _events(
        (v.dossier_id for v, _spent in slow),
        EventAction.RECEIVED,
        EventAction.FORWARDED,
        EventAction.SENT_BACK,
        EventAction.APPROVED,
        EventAction.REFUSED,
        EventAction.RESULT_RETURNED,
        EventAction.STOPPED,
        EventAction.WITHDRAWN,
    )
    return [
        Finding(
            Rule.HELD_TOO_LONG,
            str(visit.pk),
            gettext(
                "Giữ ở bước “%(step)s” %(spent)s phút làm việc, gấp %(ratio)s lần thời gian được giao "
                "(%(allotted)s phút)."
            )
            % {
                "step": visit.step.name,
                "spent": spent,
                "ratio": round(spent / visit.step.allotted_minutes, 1),
                "allotted": visit.step.allotted_minutes,
            },
            visit.entered_at,
            visit.dossier,
            visit.unit,
            visit.left_by or visit.holder,
            tuple(e.pk for e in events[visit.dossier_id] if e.at in (visit.entered_at, visit.left_at)),
            (("dossiers.stepvisit", visit.pk),),
        )
        for visit, spent in slow
    ]


def _local(instant: dt.datetime) -> str:
    return timezone.localtime(instant).strftime("%H:%M %d/%m/%Y")


def consultation_late(filters: Filters) -> list[Finding]:
    """A consultation answered after its deadline during the period; the consulted agency answers for it."""
    late = list(
        Consultation.objects.filter(
            _in_period(filters, "answered_at"), in_scope(filters, "unit_id"), timeliness=Judgement.LATE
        )
        .select_related("dossier", "unit", "answered_by")
        .order_by("answered_at", "pk")
    )
    events = _events(
        (c.dossier_id for c in late), EventAction.CONSULTATION_REQUESTED, EventAction.CONSULTATION_ANSWERED
    )
    return [
        Finding(
            Rule.CONSULTATION_LATE,
            str(consultation.pk),
            gettext("%(unit)s trả lời xin ý kiến lúc %(at)s, quá hạn trả lời %(due)s.")
            % {
                "unit": consultation.unit.name,
                "at": _local(consultation.answered_at),
                "due": _local(consultation.due_at),
            },
            consultation.answered_at,
            consultation.dossier,
            consultation.unit,
            consultation.answered_by,
            tuple(
                e.pk
                for e in events[consultation.dossier_id]
                if e.payload.get("consultation") == consultation.pk
                or consultation.pk in {c.get("id") for c in e.payload.get("consultations", [])}
            ),
            (("consultations.consultation", consultation.pk),),
        )
        for consultation in late
    ]


def no_apology(filters: Filters) -> list[Finding]:
    """A dossier overdue at the period's end, or returned late during it, that never sent the applicant an apology
    letter with a new appointment (form 04, domain.md §3.6). The unit holding it (the resolving unit once returned)
    answers for it; who exactly should have apologised is the dossier service's decision, shown on the dossier."""
    late = list(
        base(filters)
        .filter(apology_missing(filters))
        .select_related("current_unit", "resolving_unit")
        .order_by("due_at", "code")
    )
    events = _events((d.pk for d in late), EventAction.RECEIVED, EventAction.RESULT_RETURNED)
    return [
        Finding(
            Rule.NO_APOLOGY,
            str(dossier.pk),
            gettext("Hẹn trả %(due)s, quá hạn mà không có văn bản xin lỗi, hẹn lại ngày trả kết quả.")
            % {"due": _local(dossier.due_at) if dossier.due_at else "—"},
            dossier.due_at,
            dossier,
            dossier.current_unit or dossier.resolving_unit,
            None,
            tuple(e.pk for e in events[dossier.pk]),
            (("dossiers.dossier", dossier.pk),),
        )
        for dossier in late
    ]


def rescheduled_twice(filters: Filters) -> list[Finding]:
    """A dossier whose appointment was moved more than once, the second time during the period (Decree 61 allows
    one). The dossier services refuse a second letter, so this should never fire; it stays as the auditor's check
    on the event chains (an import, a manual fix in the database)."""
    twice = (
        DossierEvent.objects.filter(action=EventAction.RESCHEDULED, dossier__in=base(filters).values("pk"))
        .order_by()
        .values("dossier_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    events = _events((row["dossier_id"] for row in twice), EventAction.RESCHEDULED)
    dossiers = Dossier.objects.select_related("resolving_unit").in_bulk(list(events))
    findings = []
    for dossier_id, moves in sorted(events.items()):
        second = moves[1]
        if not filters.period.start_at <= second.at < filters.period.end_at:
            continue
        findings.append(
            Finding(
                Rule.RESCHEDULED_TWICE,
                str(dossier_id),
                gettext("Hẹn lại ngày trả kết quả %(count)s lần.") % {"count": len(moves)},
                second.at,
                dossiers[dossier_id],
                second.unit,
                second.actor,
                tuple(e.pk for e in moves),
                (("dossiers.dossier", dossier_id),),
            )
        )
    return findings


RULES: dict[Rule, Callable[[Filters], list[Finding]]] = {
    Rule.SUPPLEMENT_BEYOND: supplement_beyond,
    Rule.COMPONENT_OUTSIDE: component_outside,
    Rule.PAPER_UNCONFIRMED: paper_unconfirmed,
    Rule.NO_ACTIVE_PROCESS: no_active_process,
    Rule.STEP_WITHOUT_HOLDER: step_without_holder,
    Rule.HELD_TOO_LONG: held_too_long,
    Rule.CONSULTATION_LATE: consultation_late,
    Rule.NO_APOLOGY: no_apology,
    Rule.RESCHEDULED_TWICE: rescheduled_twice,
}


def findings(filters: Filters, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Every finding of the given rules (all measurable ones by default) for the filters."""
    found: list[Finding] = []
    for rule in rules or RULES:
        found.extend(RULES[rule](filters))
    return found


def finding(filters: Filters, rule: Rule, key: str) -> Finding | None:
    """One finding, recomputed (findings are not stored: they always reflect the records as they are now)."""
    return next((f for f in RULES[rule](filters) if f.key == key), None)
