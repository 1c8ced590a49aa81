"""The consulted unit's pages: its queue "Chờ cho ý kiến", one consultation with its answer and extension forms,
and the files. The asking side acts from the dossier page (its actions go through ``perform``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from motcua.consultations.access import answering_role, answering_units, consultation_for_user, visible_consultations
from motcua.consultations.forms import AnswerForm, ExtensionRequestForm, end_of_working_day
from motcua.consultations.models import Consultation, ConsultationFile, ConsultationStatus
from motcua.consultations.services import answer_consultation, request_extension
from motcua.dossiers.forms import add_service_error

ANSWERED_SHOWN = 20


@require_GET
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Open consultations asked of the person's units, soonest deadline first, and the latest answered ones."""
    units = answering_units(request.user)
    if not units:
        raise PermissionDenied(_("Trang này dành cho đầu mối, chuyên viên và lãnh đạo của cơ quan được lấy ý kiến."))
    rows = Consultation.objects.filter(unit_id__in=units).select_related(
        "dossier__procedure_version__procedure", "unit", "requesting_unit"
    )
    context = {
        "waiting": rows.filter(status=ConsultationStatus.OPEN).order_by("due_at", "pk"),
        "answered": rows.filter(status=ConsultationStatus.ANSWERED).order_by("-answered_at", "-pk")[:ANSWERED_SHOWN],
        "now": timezone.now(),
    }
    return render(request, "consultations/queue.html", context)


def _page(
    request: HttpRequest,
    consultation: Consultation,
    *,
    answer_form: AnswerForm | None = None,
    extension_form: ExtensionRequestForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_answer = consultation.is_open and answering_role(request.user, consultation.unit_id, timezone.localdate())
    context = {
        "consultation": consultation,
        "files": consultation.files.order_by("uploaded_at", "pk"),
        "extensions": consultation.extensions.select_related("requested_by", "decided_by"),
        "may_answer": bool(may_answer),
        "answer_form": answer_form or AnswerForm(),
        "extension_form": extension_form or ExtensionRequestForm(),
    }
    return render(request, "consultations/detail.html", context, status=status)


@require_GET
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, consultation_for_user(request.user, pk))


@require_POST
@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_for_user(request.user, pk, answer=True)
    form = AnswerForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            answer_consultation(
                consultation=consultation,
                actor=request.user,
                answer=form.cleaned_data["answer"],
                files=[form.cleaned_data["file"]] if form.cleaned_data["file"] else [],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Đã gửi ý kiến trả lời."))
            return redirect("consultations:detail", pk=pk)
    return _page(request, consultation, answer_form=form, status=422)


@require_POST
@login_required
def extension(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_for_user(request.user, pk, answer=True)
    form = ExtensionRequestForm(request.POST)
    if form.is_valid():
        try:
            request_extension(
                consultation=consultation,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                proposed_due_at=end_of_working_day(form.cleaned_data["proposed_on"], consultation.unit),
            )
        except ValidationError as error:
            add_service_error(form, error, {"proposed_due_at": "proposed_on"})
        else:
            messages.success(request, _("Đã gửi đề nghị gia hạn; chờ đơn vị lấy ý kiến xem xét."))
            return redirect("consultations:detail", pk=pk)
    return _page(request, consultation, extension_form=form, status=422)


@require_GET
@login_required
def consultation_file(request: HttpRequest, pk: int) -> FileResponse:
    """A question or answer file, only to those who may see its consultation."""
    row = ConsultationFile.objects.filter(pk=pk, consultation__in=visible_consultations(request.user)).first()
    if row is None:
        raise Http404(_("Không có tệp này."))
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=str(row))
