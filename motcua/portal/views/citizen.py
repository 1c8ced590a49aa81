"""A citizen's filings: start, fill in, upload, submit, follow ("Hồ sơ của tôi") and supplement online."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from motcua.catalog.models import OnlineMode
from motcua.dossiers.forms import add_service_error
from motcua.dossiers.models import DossierStatus
from motcua.dossiers.timeline import open_payment_notice, open_supplementation
from motcua.portal.access import citizen_view, file_for_user, submission_for_citizen
from motcua.portal.forms import ApplicantForm, StartForm, SupplementForm, UploadForm
from motcua.portal.models import OnlineSubmission, SubmissionStatus, SupplementState
from motcua.portal.selectors import (
    citizen_history,
    citizen_submissions,
    receiving_units,
    returned_results,
    versions_in_force,
)
from motcua.portal.services import submissions
from motcua.portal.services.evaluation import evaluation_path, qr_svg
from motcua.portal.services.supplements import submit_supplement


@require_GET
@citizen_view
def mine(request: HttpRequest) -> HttpResponse:
    """ "Hồ sơ của tôi"."""
    citizen = request.citizen  # type: ignore[attr-defined]
    return render(request, "portal/mine.html", {"submissions": citizen_submissions(citizen)})


@citizen_view
def start(request: HttpRequest, version_id: int) -> HttpResponse:
    """Choose where to file a procedure offered online; POST creates the draft."""
    day = timezone.localdate()
    version = versions_in_force(day).exclude(online_mode=OnlineMode.NONE).filter(pk=version_id).first()
    if version is None:
        raise Http404(_("Thủ tục này không nộp trực tuyến được."))
    form = StartForm(request.POST or None, units=receiving_units(version, day))
    if request.method == "POST" and form.is_valid():
        try:
            submission = submissions.start(
                citizen=request.citizen,  # type: ignore[attr-defined]
                version=version,
                receiving_unit=form.cleaned_data["receiving_unit"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("portal:submission", pk=submission.pk)
    return render(request, "portal/start.html", {"form": form, "version": version})


def _applicant_form(submission: OnlineSubmission, data: object = None) -> ApplicantForm:
    return ApplicantForm(
        data,
        initial={
            "kind": submission.applicant_kind,
            "name": submission.applicant_name,
            "identity_number": submission.identity_number,
            "date_of_birth": submission.date_of_birth,
            "tax_code": submission.tax_code,
            "representative": submission.representative,
            "address": submission.address,
            "phone": submission.phone,
            "email": submission.email,
            "note": submission.note,
        },
    )


def _submission_page(
    request: HttpRequest,
    submission: OnlineSubmission,
    *,
    applicant_form: ApplicantForm | None = None,
    upload_form: UploadForm | None = None,
    error: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    requirements = submissions.requirements(submission)
    context: dict[str, object] = {
        "submission": submission,
        "requirements": requirements,
        "reuse": submissions.latest_reuse(submission),
        "errors": error or [],
    }
    if submission.status == SubmissionStatus.DRAFT:
        context["applicant_form"] = applicant_form or _applicant_form(submission)
        context["upload_form"] = upload_form or UploadForm(
            components=[r.component for r in requirements if r.uploadable]
        )
    dossier = submission.dossier
    if dossier is not None:
        context["dossier"] = dossier
        context["history"] = citizen_history(dossier)
        context["results"] = returned_results(dossier)
        context["waiting"] = open_supplementation(dossier)
        context["to_pay"] = open_payment_notice(dossier)
        context["supplements"] = dossier.online_supplements.order_by("-uploaded_at")
        if dossier.status == DossierStatus.RETURNED and not hasattr(dossier, "evaluation"):
            url = request.build_absolute_uri(evaluation_path(dossier))
            context["evaluation_url"] = url
            context["evaluation_qr"] = qr_svg(url)
    return render(request, "portal/submission.html", context, status=status)


@require_GET
@citizen_view
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    return _submission_page(request, submission_for_citizen(request.citizen, pk))  # type: ignore[attr-defined]


@require_POST
@citizen_view
def save_applicant(request: HttpRequest, pk: int) -> HttpResponse:
    item = submission_for_citizen(request.citizen, pk)  # type: ignore[attr-defined]
    form = _applicant_form(item, request.POST)
    if form.is_valid():
        try:
            submissions.save_applicant(item, form.applicant())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin người nộp."))
            return redirect("portal:submission", pk=item.pk)
    return _submission_page(request, item, applicant_form=form, status=422)


@require_POST
@citizen_view
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    item = submission_for_citizen(request.citizen, pk)  # type: ignore[attr-defined]
    components = [r.component for r in submissions.requirements(item) if r.uploadable]
    form = UploadForm(request.POST, request.FILES, components=components)
    if form.is_valid():
        try:
            submissions.upload(item, component_id=form.cleaned_data["component"], file=form.cleaned_data["file"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Đã tải tệp lên."))
            return redirect("portal:submission", pk=item.pk)
    return _submission_page(request, item, upload_form=form, status=422)


@require_POST
@citizen_view
def remove_file(request: HttpRequest, pk: int, component_id: int) -> HttpResponse:
    item = submission_for_citizen(request.citizen, pk)  # type: ignore[attr-defined]
    try:
        submissions.remove_file(item, component_id=component_id)
    except ValidationError as error:
        return _submission_page(request, item, error=error.messages, status=422)
    return redirect("portal:submission", pk=item.pk)


@require_POST
@citizen_view
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    item = submission_for_citizen(request.citizen, pk)  # type: ignore[attr-defined]
    try:
        submissions.submit(item)
    except ValidationError as error:
        return _submission_page(request, item, error=error.messages, status=422)
    messages.success(request, _("Đã nộp hồ sơ. Bộ phận một cửa sẽ tiếp nhận và báo cho bạn."))
    return redirect("portal:submission", pk=item.pk)


@citizen_view
def supplement(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload what the open supplementation request lists (and only that)."""
    item = submission_for_citizen(request.citizen, pk)  # type: ignore[attr-defined]
    waiting = open_supplementation(item.dossier) if item.dossier else None
    if waiting is None:
        raise Http404(_("Hồ sơ không có yêu cầu bổ sung nào đang chờ."))
    pending = item.dossier.online_supplements.filter(state=SupplementState.PENDING).exists()
    form = SupplementForm(request.POST or None, request.FILES or None, components=list(waiting.items.all()))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                submit_supplement(
                    citizen=request.citizen,  # type: ignore[attr-defined]
                    dossier=item.dossier,
                    files=form.files_by_component(),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Đã nộp bổ sung. Bộ phận một cửa sẽ xác nhận và báo cho bạn."))
                return redirect("portal:submission", pk=item.pk)
        status = 422
    context = {"submission": item, "waiting": waiting, "form": form, "pending": pending}
    return render(request, "portal/supplement.html", context, status=status)


@require_GET
@citizen_view
def result_file(request: HttpRequest, pk: int, number: int) -> FileResponse:
    """The signed electronic result of the citizen's returned dossier (named ``<dossier code>-KQ(n)``)."""
    item = submission_for_citizen(request.citizen, pk)  # type: ignore[attr-defined]
    result = returned_results(item.dossier).filter(number=number).exclude(file="").first() if item.dossier else None
    if result is None:
        raise Http404(_("Không có tệp kết quả này."))
    suffix = PurePosixPath(result.file.name).suffix
    return FileResponse(result.file.open("rb"), as_attachment=True, filename=f"{result.code}{suffix}")


@require_GET
def uploaded_file(request: HttpRequest, pk: int) -> FileResponse:
    """A citizen's uploaded file, to its owner or to staff who may see it; anyone else gets 404."""
    if not request.user.is_authenticated:
        raise Http404(_("Không tìm thấy tệp."))
    row = file_for_user(request.user, pk)
    response = FileResponse(
        row.file.open("rb"), as_attachment=True, filename=row.original_name, content_type=row.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
