"""The staff workspace: queues, reception at the desk, the dossier page and its actions, files and printed forms.

Views stay thin: dossiers are fetched only through ``motcua.dossiers.access`` (another unit's dossier is a 404, a
read-only role acting is a 403), every change goes through the services, and a service's refusal is shown on the
form it came from. Pages work without JavaScript; htmx only swaps parts (queue table, component list, an action's
form) and answers a conflict with HTTP 409.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from motcua.documents.forms import FormKind
from motcua.documents.services import form_for_dossier, form_for_notice, printable_forms
from motcua.dossiers.access import dossier_for_user, may_answer_sos, sos_for_user, sos_units_for
from motcua.dossiers.forms import (
    ACTION_FORMS,
    ActionForm,
    AmendmentProposalForm,
    QueueFilterForm,
    ReceptionForm,
    SosFilterForm,
    add_service_error,
)
from motcua.dossiers.models import (
    AmendmentProposal,
    AppointmentChange,
    Dossier,
    DossierComponent,
    Judgement,
    ReceptionNotice,
    Result,
    Sos,
)
from motcua.dossiers.queues import QUEUES_BY_SLUG, has_workspace_role, queue_counts, queues_for
from motcua.dossiers.selectors import sos_rows, sos_summaries
from motcua.dossiers.services import (
    ACTIONS,
    ConflictError,
    allowed_actions,
    perform,
    record_guidance,
    record_refusal,
)
from motcua.dossiers.services.clock import Calendars, pauses_of
from motcua.dossiers.services.overdue import overrun_by_unit
from motcua.dossiers.services.sos import acknowledge_sos, propose_amendment
from motcua.dossiers.timeline import (
    open_payment_notice,
    open_supplementation,
    read_clock,
    timeline,
    working_duration,
)
from motcua.organization.access import roles_of
from motcua.organization.models import Role
from motcua.portal.services.desk_lookup import lookup_for_reception, receive_with_lookup
from motcua.workcalendar.services import calendar_for

PAGE_SIZE = 25
PRINT_FORMATS = ("pdf", "docx")


def workspace_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in staff holding a workspace role today; anyone else signed in gets 403."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_workspace_role(request.user):
            raise PermissionDenied(_("Trang này dành cho cán bộ tiếp nhận, xử lý và giám sát hồ sơ."))
        return view(request, *args, **kwargs)

    return wrapper


def _desk_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Desk officers only (reception and its notices)."""

    @wraps(view)
    @workspace_view
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not any(role == Role.DESK_OFFICER for _unit, role in roles_of(request.user)):
            raise PermissionDenied(_("Chỉ cán bộ một cửa được tiếp nhận hồ sơ."))
        return view(request, *args, **kwargs)

    return wrapper


# --- queues ---------------------------------------------------------------------------------------------------


@require_GET
@workspace_view
def queue(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """One queue (or every dossier the person may see), searchable, filterable and paginated."""
    if slug is None:
        title = _("Tất cả hồ sơ")
        dossiers = Dossier.objects.visible_to(request.user).select_related(
            "applicant", "procedure_version__procedure", "current_step", "current_unit"
        )
    else:
        current = QUEUES_BY_SLUG.get(slug)
        if current is None:
            raise Http404(_("Không có hàng đợi này."))
        if current not in queues_for(request.user):
            raise PermissionDenied(_("Hàng đợi này không thuộc vai trò của bạn."))
        title = current.label
        dossiers = current.rows(request.user)
    filters = QueueFilterForm(request.GET or None)
    page = Paginator(filters.filter(dossiers), PAGE_SIZE).get_page(request.GET.get("trang"))
    now = timezone.now()
    calendar = calendar_for(None)
    rows = [(dossier, read_clock(dossier, now=now, calendar=calendar)) for dossier in page.object_list]
    query = request.GET.copy()
    query.pop("trang", None)
    context = {
        "title": title,
        "slug": slug,
        "filters": filters,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
    }
    if request.htmx and request.htmx.target == "queue-table":
        return render(request, "dossiers/includes/queue_table.html", context)
    context["counts"] = queue_counts(request.user)
    return render(request, "dossiers/queue.html", context)


# --- reception ------------------------------------------------------------------------------------------------


def _reception_form(request: HttpRequest) -> ReceptionForm:
    today = timezone.localdate()
    if request.method == "POST":
        return ReceptionForm(request.POST, request.FILES, user=request.user, day=today)
    return ReceptionForm(
        initial={"procedure_version": request.GET.get("procedure_version")}, user=request.user, day=today
    )


@_desk_view
def reception(request: HttpRequest) -> HttpResponse:
    """Receive, guide (form 02) or refuse (form 03) at the desk; the outcome is the button pressed."""
    form = _reception_form(request)
    status = 200
    if request.method == "POST":
        outcome = request.POST.get("outcome", ReceptionForm.OUTCOME_RECEIVE)
        if form.is_valid():
            try:
                lookup = lookup_for_reception(
                    actor=request.user,
                    lookup_id=form.cleaned_data["population_lookup"],
                    identity_number=form.cleaned_data["identity_number"],
                    paper=form.paper_components(outcome),
                )
                if outcome == ReceptionForm.OUTCOME_GUIDANCE:
                    notice = record_guidance(actor=request.user, data=form.guidance_data())
                    messages.success(
                        request,
                        _("Đã lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ %(serial)s.") % {"serial": notice.serial},
                    )
                    return redirect("dossiers:notice", serial=notice.serial)
                if outcome == ReceptionForm.OUTCOME_REFUSE:
                    notice = record_refusal(actor=request.user, data=form.refusal_data())
                    messages.success(
                        request, _("Đã lập phiếu từ chối tiếp nhận hồ sơ %(serial)s.") % {"serial": notice.serial}
                    )
                    return redirect("dossiers:notice", serial=notice.serial)
                dossier = receive_with_lookup(
                    actor=request.user, data=form.reception_data(), lookup=lookup, components=form.components
                )
                messages.success(
                    request,
                    _("Đã tiếp nhận hồ sơ %(code)s. Hãy in giấy tiếp nhận và hẹn trả kết quả cho người nộp.")
                    % {"code": dossier.code},
                )
                return redirect("dossiers:detail", code=dossier.code)
            except ValidationError as error:
                add_service_error(form, error, ReceptionForm.FIELD_MAP)
        status = 422
    return render(request, "dossiers/reception.html", {"form": form}, status=status)


@require_GET
@_desk_view
def reception_components(request: HttpRequest) -> HttpResponse:
    """The published components of the chosen version (htmx swaps them in when the procedure changes)."""
    form = _reception_form(request)
    return render(request, "dossiers/includes/reception_components.html", {"form": form})


def _notice_for_user(request: HttpRequest, serial: str) -> ReceptionNotice:
    """A guidance or refusal notice of one of the person's units; another unit's is a 404."""
    units = {unit for unit, _role in roles_of(request.user)}
    notice = (
        ReceptionNotice.objects.select_related("procedure_version__procedure", "applicant", "officer", "unit")
        .filter(serial=serial, unit_id__in=units)
        .first()
    )
    if notice is None:
        raise Http404(_("Không tìm thấy phiếu."))
    return notice


@require_GET
@_desk_view
def notice_detail(request: HttpRequest, serial: str) -> HttpResponse:
    notice = _notice_for_user(request, serial)
    return render(request, "dossiers/notice.html", {"notice": notice, "formats": PRINT_FORMATS})


def _attachment(filename: str, content_type: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@_desk_view
def notice_print(request: HttpRequest, serial: str, fmt: str) -> HttpResponse:
    notice = _notice_for_user(request, serial)
    if fmt not in PRINT_FORMATS:
        raise Http404(_("Định dạng không được hỗ trợ."))
    return _attachment(*form_for_notice(notice, fmt))


# --- the dossier page and its actions ---------------------------------------------------------------------------


def _load(request: HttpRequest, code: str, *, write: bool = False) -> Dossier:
    dossier = dossier_for_user(request.user, code, write=write)
    return (
        Dossier.objects.select_related(
            "applicant",
            "procedure_version__procedure",
            "process",
            "receiving_unit",
            "resolving_unit",
            "current_step",
            "current_unit",
        )
        .filter(pk=dossier.pk)
        .get()
    )


def _action_forms(dossier: Dossier, request: HttpRequest, bound: ActionForm | None = None) -> list[ActionForm]:
    """A form for each action allowed now; ``bound`` (the one just posted with errors) replaces its blank twin."""
    forms = []
    for action in allowed_actions(dossier, request.user):
        if bound is not None and bound.action == action:
            forms.append(bound)
        elif action.value in ACTION_FORMS:
            forms.append(ACTION_FORMS[action.value](dossier=dossier))
    return forms


def _dossier_page(
    request: HttpRequest, dossier: Dossier, *, bound: ActionForm | None = None, status: int = 200
) -> HttpResponse:
    action_forms = _action_forms(dossier, request, bound)
    # A refused action that is not offered now has no form to carry its message: show it above the page.
    refusal = bound.errors.get("__all__", []) if bound is not None and bound not in action_forms else []
    calendars = Calendars()
    calendar = calendars.of(dossier.resolving_unit.code)
    pauses = pauses_of(dossier)
    now = timezone.now()
    clock = read_clock(dossier, now=now, calendar=calendar, pauses=pauses)
    sos_list = list(
        Sos.objects.filter(dossier=dossier)
        .select_related("unit", "raised_by", "acknowledged_by", "resolved_by", "proposal")
        .prefetch_related("events__actor")
        .order_by("-raised_at")
    )
    visits = list(dossier.visits.select_related("step", "unit", "holder", "left_by").order_by("entered_at", "id"))
    # Who held it beyond their allotment matters once the dossier or one of its steps is late.
    late = (
        dossier.judgement == Judgement.LATE
        or (dossier.is_open and dossier.due_at is not None and dossier.due_at < now)
        or any(visit.judgement == Judgement.LATE for visit in visits)
    )
    overruns = overrun_by_unit(dossier, now=now, visits=visits, pauses=pauses, calendars=calendars) if late else []
    context = {
        "dossier": dossier,
        "clock": clock,
        "elapsed": working_duration(clock.elapsed_minutes or 0, calendar.day_minutes),
        "pauses": dossier.pauses.order_by("started_at"),
        "components": DossierComponent.objects.filter(dossier=dossier).select_related("component"),
        "visits": visits,
        "results": Result.objects.filter(dossier=dossier).order_by("number"),
        "supplementations": dossier.supplementations.prefetch_related("items").order_by("number"),
        "waiting_for": open_supplementation(dossier),
        "payment_notice": open_payment_notice(dossier),
        "timeline": timeline(dossier),
        "printable": printable_forms(dossier),
        "formats": PRINT_FORMATS,
        "action_forms": action_forms,
        "refusal": refusal,
        "sos_list": sos_list,
        "answerable_sos": {sos.pk for sos in sos_list if may_answer_sos(request.user, sos)},
        "appointment_changes": AppointmentChange.objects.filter(dossier=dossier)
        .select_related("responsible_unit", "drafted_by", "decided_by")
        .order_by("drafted_at"),
        "overruns": [(row, *(_duration(minutes, calendar.day_minutes) for minutes in row[1:])) for row in overruns],
    }
    return render(request, "dossiers/detail.html", context, status=status)


@require_GET
@workspace_view
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _dossier_page(request, _load(request, code))


@require_POST
@workspace_view
def dossier_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """Apply one action through ``perform`` with the version the officer saw; refusals come back on the form.

    Actions open to province-wide roles (a monitor resolving an SOS) need only read access here: ``perform`` checks
    the capacity in which the person acts.
    """
    spec = ACTIONS.get(action)
    dossier = _load(request, code, write=not (spec is not None and spec.province_roles))
    form_class = ACTION_FORMS.get(action)
    if form_class is None:
        raise Http404(_("Không có thao tác này."))
    form = form_class(request.POST, request.FILES, dossier=dossier)
    if form.is_valid():
        try:
            perform(
                dossier=dossier.code,
                action=action,
                actor=request.user,
                payload=form.payload(),
                expected_version=form.cleaned_data["lock_version"],
            )
        except ConflictError:
            message = _("Hồ sơ vừa được người khác cập nhật; chưa có gì thay đổi. Hãy tải lại trang và thực hiện lại.")
            if request.htmx:
                return render(
                    request, "dossiers/includes/conflict.html", {"dossier": dossier, "message": message}, status=409
                )
            messages.error(request, message)
            return redirect("dossiers:detail", code=dossier.code)
        except ValidationError as error:
            add_service_error(form, error, form.FIELD_MAP)
        else:
            messages.success(request, _("Đã thực hiện “%(action)s”.") % {"action": form.action.label})
            target = reverse("dossiers:detail", kwargs={"code": dossier.code})
            return HttpResponseClientRedirect(target) if request.htmx else redirect(target)
    if request.htmx:
        return render(request, "dossiers/includes/action_form.html", {"form": form, "dossier": dossier}, status=422)
    return _dossier_page(request, dossier, bound=form, status=422)


# --- files and printed forms ----------------------------------------------------------------------------------


@require_GET
@workspace_view
def component_file(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """A scanned paper, only to those who may see its dossier."""
    dossier = dossier_for_user(request.user, code)
    row = DossierComponent.objects.filter(dossier=dossier, pk=pk).exclude(file="").first()
    if row is None:
        raise Http404(_("Không có tệp này."))
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.file.name.rsplit("/", 1)[-1])


@require_GET
@workspace_view
def result_file(request: HttpRequest, code: str, number: int) -> FileResponse:
    """A result document's file, only to those who may see its dossier, named by its code ``<dossier code>-KQ(n)``
    (domain.md §7) whatever name storage gave it; the stored file's extension is kept."""
    dossier = dossier_for_user(request.user, code)
    result = Result.objects.select_related("dossier").filter(dossier=dossier, number=number).exclude(file="").first()
    if result is None:
        raise Http404(_("Không có tệp này."))
    suffix = PurePosixPath(result.file.name).suffix
    return FileResponse(result.file.open("rb"), as_attachment=True, filename=f"{result.code}{suffix}")


@require_GET
@workspace_view
def dossier_print(request: HttpRequest, code: str, kind: str, fmt: str) -> HttpResponse:
    """One of the dossier's official forms as PDF or DOCX, filled from its records."""
    dossier = _load(request, code)
    if fmt not in PRINT_FORMATS or kind not in {spec.kind for spec in printable_forms(dossier)}:
        raise Http404(_("Biểu mẫu này chưa in được cho hồ sơ."))
    return _attachment(*form_for_dossier(dossier, FormKind(kind), fmt))


# --- SOS and the register of amendment proposals ----------------------------------------------------------------

SOS_PAGE_SIZE = 50


def _duration(minutes: int | None, day_minutes: int) -> str:
    """Working minutes as staff read them ("1 ngày 2 giờ làm việc"), or a dash when not reached yet."""
    return "—" if minutes is None else str(working_duration(minutes, day_minutes))


@require_GET
@workspace_view
def sos_list(request: HttpRequest) -> HttpResponse:
    """The SOS of the units a leader leads (every unit for a monitor), with response times per unit."""
    units = sos_units_for(request.user)
    visible = Sos.objects.all() if units is None else Sos.objects.filter(unit_id__in=units)
    filters = SosFilterForm(request.GET or None, units=units)
    rows = sos_rows(filters.filter(visible).order_by("-raised_at", "id"))
    page = Paginator(rows, SOS_PAGE_SIZE).get_page(request.GET.get("trang"))
    day = calendar_for(None).day_minutes
    context = {
        "filters": filters,
        "page": page,
        "timed": [(row, _duration(row.to_acknowledge, day), _duration(row.to_resolve, day)) for row in page],
        "summaries": [
            (summary, _duration(summary.mean_to_acknowledge, day), _duration(summary.mean_to_resolve, day))
            for summary in sos_summaries(rows)
        ],
    }
    return render(request, "dossiers/sos_list.html", context)


@require_POST
@workspace_view
def sos_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """A leader or monitor takes the SOS in hand; back to where they came from."""
    sos = sos_for_user(request.user, pk)
    try:
        acknowledge_sos(sos=sos, actor=request.user, note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã tiếp nhận SOS về hồ sơ %(code)s.") % {"code": sos.dossier.code})
    if request.POST.get("from") == "list":
        return redirect("dossiers:sos-list")
    return redirect("dossiers:detail", code=sos.dossier.code)


@workspace_view
def sos_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn a resolved SOS into a proposal to amend its procedure."""
    sos = sos_for_user(request.user, pk)
    form = AmendmentProposalForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                propose_amendment(sos=sos, actor=request.user, proposal=form.cleaned_data["proposal"])
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Đã ghi đề xuất sửa đổi thủ tục vào sổ theo dõi."))
                return redirect("dossiers:amendments")
        status = 422
    return render(request, "dossiers/sos_propose.html", {"sos": sos, "form": form}, status=status)


@require_GET
@workspace_view
def amendment_register(request: HttpRequest) -> HttpResponse:
    """The register of proposals to amend procedures drawn from SOS (the directive's item 8)."""
    units = sos_units_for(request.user)
    proposals = AmendmentProposal.objects.select_related("procedure", "unit", "proposed_by", "sos__dossier")
    if units is not None:
        proposals = proposals.filter(unit_id__in=units)
    page = Paginator(proposals.order_by("-proposed_at", "id"), PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "dossiers/amendments.html", {"page": page})
