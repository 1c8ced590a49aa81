"""The desk's online work: "Chờ tiếp nhận trực tuyến", receiving/guiding/refusing a submission, confirming online
supplements, the evaluation kiosk, and the PAKN list of the officer's units."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from motcua.catalog.services import published_components
from motcua.dossiers.access import dossier_for_user
from motcua.dossiers.forms import add_service_error, resolving_units_for
from motcua.dossiers.services import ActionNotAllowed
from motcua.dossiers.views import workspace_view
from motcua.organization.access import roles_of, units_where
from motcua.organization.models import Role
from motcua.portal.access import desk_view, submission_for_desk, supplement_for_desk
from motcua.portal.forms import DeskGuideForm, DeskReceiveForm, EvaluationForm, FeedbackStepForm, ReasonForm
from motcua.portal.models import EvaluationSource, Feedback, FeedbackState, OnlineSubmission, SubmissionStatus
from motcua.portal.selectors import online_queue, pending_supplements
from motcua.portal.services import feedback as pakn
from motcua.portal.services import submissions
from motcua.portal.services.desk_lookup import record_desk_lookup
from motcua.portal.services.evaluation import record_evaluation
from motcua.portal.services.supplements import confirm_supplement, return_supplement
from motcua.workcalendar.services import calendar_for


@require_GET
@desk_view
def queue(request: HttpRequest) -> HttpResponse:
    """Submissions waiting at the officer's desks, the most urgent first, each with the time left to act."""
    now = timezone.now()
    calendar = calendar_for(None)
    rows = []
    for item in online_queue(request.user):
        remaining = calendar.working_minutes_between(now, item.desk_due_at)
        rows.append((item, remaining))
    context = {"rows": rows, "supplements": pending_supplements(request.user), "now": now}
    return render(request, "portal/desk/queue.html", context)


def _forms(request: HttpRequest, item: OnlineSubmission, bound: object = None) -> dict[str, object]:
    day = timezone.localdate()
    desks = units_where(request.user, Role.DESK_OFFICER).filter(pk=item.receiving_unit_id)
    parent = item.receiving_unit.parent
    forms = {
        "receive_form": DeskReceiveForm(
            units=resolving_units_for(desks, day), initial_unit=parent or item.receiving_unit
        ),
        "guide_form": DeskGuideForm(components=published_components(item.procedure_version)),
        "refuse_form": ReasonForm(),
    }
    if bound is not None:
        forms[bound[0]] = bound[1]  # type: ignore[index]
    return forms


def _page(request: HttpRequest, item: OnlineSubmission, bound: object = None, status: int = 200) -> HttpResponse:
    context = {
        "submission": item,
        "requirements": submissions.requirements(item),
        "reuse": submissions.latest_reuse(item),
        **_forms(request, item, bound),
    }
    return render(request, "portal/desk/submission.html", context, status=status)


@require_GET
@desk_view
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, submission_for_desk(request.user, pk))


@require_POST
@desk_view
def decide(request: HttpRequest, pk: int, outcome: str) -> HttpResponse:
    """Receive (a dossier is created), guide (form 02) or refuse (form 03) one submission."""
    item = submission_for_desk(request.user, pk)
    if item.status != SubmissionStatus.SUBMITTED:
        messages.error(request, _("Hồ sơ trực tuyến này đã được xử lý."))
        return redirect("portal:desk-submission", pk=item.pk)
    day = timezone.localdate()
    if outcome == "tiep-nhan":
        desks = units_where(request.user, Role.DESK_OFFICER).filter(pk=item.receiving_unit_id)
        form = DeskReceiveForm(request.POST, units=resolving_units_for(desks, day))
        name = "receive_form"
    elif outcome == "huong-dan":
        form = DeskGuideForm(request.POST, components=published_components(item.procedure_version))
        name = "guide_form"
    elif outcome == "tu-choi":
        form = ReasonForm(request.POST)
        name = "refuse_form"
    else:
        raise Http404(_("Không có thao tác này."))
    if form.is_valid():
        data = form.cleaned_data
        try:
            if outcome == "tiep-nhan":
                dossier = submissions.receive_submission(
                    actor=request.user, submission=item, resolving_unit_id=data["resolving_unit"].pk, note=data["note"]
                )
                messages.success(request, _("Đã tiếp nhận hồ sơ %(code)s.") % {"code": dossier.code})
                return redirect("dossiers:detail", code=dossier.code)
            if outcome == "huong-dan":
                done = submissions.guide_submission(
                    actor=request.user,
                    submission=item,
                    component_ids=[c.pk for c in data["components"]],
                    reason=data["reason"],
                )
            else:
                done = submissions.refuse_submission(actor=request.user, submission=item, reason=data["reason"])
            messages.success(request, _("Đã lập phiếu %(serial)s.") % {"serial": done.notice.serial})
            return redirect("dossiers:notice", serial=done.notice.serial)
        except ActionNotAllowed as error:
            raise PermissionDenied(error.messages[0]) from error
        except ValidationError as error:
            add_service_error(form, error, getattr(form, "FIELD_MAP", {}))
    return _page(request, item, (name, form), status=422)


@require_POST
@desk_view
def supplement(request: HttpRequest, pk: int, outcome: str) -> HttpResponse:
    """Confirm a citizen's online supplement (``receive_supplement`` is recorded) or return it with a reason."""
    item = supplement_for_desk(request.user, pk)
    try:
        if outcome == "xac-nhan":
            dossier = confirm_supplement(actor=request.user, supplement=item)
            messages.success(request, _("Đã nhận hồ sơ bổ sung của %(code)s.") % {"code": dossier.code})
        elif outcome == "tra-lai":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Cần ghi lý do để công dân nộp lại cho đúng."))
            return_supplement(actor=request.user, supplement=item, reason=form.cleaned_data["reason"])
            messages.success(request, _("Đã trả lại hồ sơ bổ sung để công dân nộp lại."))
        else:
            raise Http404(_("Không có thao tác này."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("portal:online-queue")


@require_POST
@desk_view
def population_check(request: HttpRequest) -> HttpResponse:
    """The reception form's "Tra cứu CSDL dân cư" button: the registry's answer for the typed applicant (htmx).

    A POST because every look-up is recorded (who, when, which number, the answer); the answer carries the record's
    id back into the reception form, which attaches it to the dossier received.
    """
    number = request.POST.get("identity_number", "").strip()
    name = request.POST.get("name", "").strip()
    try:
        birth = parse_date(request.POST.get("date_of_birth", "") or "")
    except ValueError:
        birth = None
    lookup = None
    if number and name and birth:
        lookup = record_desk_lookup(actor=request.user, identity_number=number, name=name, birth_date=birth)
    return render(request, "portal/includes/population_check.html", {"lookup": lookup})


@workspace_view
def kiosk(request: HttpRequest, code: str) -> HttpResponse:
    """The desk's rating screen for one returned dossier, opened by an officer who may see it."""
    dossier = dossier_for_user(request.user, code)
    form = EvaluationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                record_evaluation(
                    dossier=dossier, answers=form.answers(), source=EvaluationSource.KIOSK, kiosk_officer=request.user
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                return render(request, "portal/evaluation_done.html", {"dossier": dossier})
        status = 422
    return render(request, "portal/evaluate.html", {"form": form, "dossier": dossier, "kiosk": True}, status=status)


def _pakn_units(request: HttpRequest) -> set[int]:
    return {unit for unit, role in roles_of(request.user) if role in pakn.HANDLER_ROLES}


@require_GET
@workspace_view
def feedback_list(request: HttpRequest) -> HttpResponse:
    """The PAKN addressed to the person's units, open ones first by answer deadline."""
    items = (
        Feedback.objects.filter(unit_id__in=_pakn_units(request))
        .select_related("unit")
        .order_by("closed_at", "answer_by")
    )
    return render(request, "portal/desk/feedback_list.html", {"items": items[:200], "now": timezone.now()})


@workspace_view
def feedback_detail(request: HttpRequest, number: str) -> HttpResponse:
    item = Feedback.objects.filter(number=number, unit_id__in=_pakn_units(request)).select_related("unit").first()
    if item is None:
        raise Http404(_("Không tìm thấy phản ánh, kiến nghị."))
    form = FeedbackStepForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            step, text = form.cleaned_data["step"], form.cleaned_data["text"]
            try:
                if step == "reject":
                    pakn.reject_feedback(actor=request.user, feedback=item, reason=text)
                elif step == "request_more":
                    pakn.request_more(actor=request.user, feedback=item, question=text)
                elif step == "more_provided":
                    pakn.record_more_information(feedback=item, text=text)
                elif step == "answer":
                    pakn.answer_feedback(actor=request.user, feedback=item, answer=text)
                else:
                    pakn.publish_answer(actor=request.user, feedback=item)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Đã cập nhật."))
                return redirect("portal:feedback-detail", number=item.number)
        status = 422
    steps = item.steps.select_related("actor").order_by("at", "id")
    offered = {
        FeedbackState.RECEIVED: ("reject", "request_more", "answer"),
        FeedbackState.MORE_REQUESTED: ("more_provided", "answer"),
        FeedbackState.ANSWERED: ("publish",),
    }.get(FeedbackState(item.state), ())
    labels = dict(FeedbackStepForm.STEPS)
    context = {
        "item": item,
        "steps": steps,
        "form": form,
        "offered": [(step, labels[step]) for step in offered],
        "now": timezone.now(),
    }
    return render(request, "portal/desk/feedback_detail.html", context, status=status)
