"""The rating page reached by the signed link or its QR code: no sign-in, one rating per dossier."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from motcua.dossiers.forms import add_service_error
from motcua.portal.forms import EvaluationForm
from motcua.portal.models import EvaluationSource
from motcua.portal.services.evaluation import dossier_for_token, record_evaluation


@never_cache
def evaluate(request: HttpRequest, token: str) -> HttpResponse:
    dossier = dossier_for_token(token)
    if dossier is None:
        raise Http404(_("Đường dẫn đánh giá không hợp lệ hoặc đã hết hạn."))
    if hasattr(dossier, "evaluation"):
        return render(request, "portal/evaluation_done.html", {"dossier": dossier, "already": True})
    form = EvaluationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                record_evaluation(dossier=dossier, answers=form.answers(), source=EvaluationSource.LINK)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                return render(request, "portal/evaluation_done.html", {"dossier": dossier})
        status = 422
    return render(request, "portal/evaluate.html", {"form": form, "dossier": dossier}, status=status)
