"""Who may open which portal page or file: citizens their own things, desk officers their desks' submissions.

Anything a person may not see is a 404, so that one citizen cannot learn that another's submission or file exists.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier
from motcua.organization.access import has_role, units_where
from motcua.organization.models import Role, User
from motcua.portal.models import Citizen, OnlineSubmission, OnlineSupplement, UploadedFile
from motcua.portal.services.accounts import citizen_of


def citizen_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A verified citizen; anonymous visitors go to the citizen sign-in, staff accounts get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        citizen = citizen_of(request.user)
        if citizen is None:
            raise PermissionDenied(_("Trang này dành cho tài khoản công dân."))
        request.citizen = citizen  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


def desk_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A desk officer (cán bộ một cửa); anonymous visitors go to the staff sign-in, others get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_role(request.user, Role.DESK_OFFICER):
            raise PermissionDenied(_("Chỉ cán bộ một cửa được tiếp nhận hồ sơ trực tuyến."))
        return view(request, *args, **kwargs)

    return wrapper


def submission_for_citizen(citizen: Citizen, pk: int) -> OnlineSubmission:
    submission = (
        OnlineSubmission.objects.select_related("procedure_version__procedure", "receiving_unit", "dossier")
        .filter(pk=pk, citizen=citizen)
        .first()
    )
    if submission is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    return submission


def submission_for_desk(user: User, pk: int) -> OnlineSubmission:
    """A submission filed at one of the officer's desks."""
    desks = units_where(user, Role.DESK_OFFICER).values("pk")
    submission = (
        OnlineSubmission.objects.select_related("procedure_version__procedure", "receiving_unit", "citizen", "dossier")
        .filter(pk=pk, receiving_unit__in=desks)
        .first()
    )
    if submission is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    return submission


def supplement_for_desk(user: User, pk: int) -> OnlineSupplement:
    desks = units_where(user, Role.DESK_OFFICER).values("pk")
    supplement = (
        OnlineSupplement.objects.select_related("dossier").filter(pk=pk, dossier__receiving_unit__in=desks).first()
    )
    if supplement is None:
        raise Http404(_("Không tìm thấy hồ sơ bổ sung."))
    return supplement


def may_read_file(user: User, row: UploadedFile) -> bool:
    """The citizen who uploaded it, a desk officer of the submission's desk, or staff who may see the dossier."""
    citizen = citizen_of(user)
    if row.submission_id is not None:
        submission = row.submission
        if citizen is not None:
            return submission.citizen_id == citizen.pk
        if units_where(user, Role.DESK_OFFICER).filter(pk=submission.receiving_unit_id).exists():
            return True
        dossier_id = submission.dossier_id
    else:
        if citizen is not None:
            return row.supplement.citizen_id == citizen.pk
        dossier_id = row.supplement.dossier_id
    return dossier_id is not None and Dossier.objects.visible_to(user).filter(pk=dossier_id).exists()


def file_for_user(user: User, pk: int) -> UploadedFile:
    row = UploadedFile.objects.select_related("submission", "supplement").filter(pk=pk).first()
    if row is None or not user.is_authenticated or not may_read_file(user, row):
        raise Http404(_("Không tìm thấy tệp."))
    return row
