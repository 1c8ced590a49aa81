"""The public lookup page: no sign-in, rate-limited per client address, the same answer for any wrong input."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from motcua.portal.forms import LookupForm
from motcua.portal.services import attempt_allowed, find_dossier, public_view

NOT_FOUND = _("Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này. Hãy kiểm tra lại trên giấy tiếp nhận.")
TOO_MANY = _("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút.")


def client_address(request: HttpRequest) -> str:
    """The address the throttle counts; behind a proxy, the proxy must set REMOTE_ADDR (e.g. uvicorn/gunicorn flags)."""
    return request.META.get("REMOTE_ADDR", "")


@never_cache
def lookup(request: HttpRequest) -> HttpResponse:
    """GET shows the form; POST looks the dossier up (POST keeps the secret out of addresses and logs)."""
    if request.method != "POST":
        return render(request, "portal/lookup.html", {"form": LookupForm()})
    form = LookupForm(request.POST)
    if not attempt_allowed(client_address(request)):
        return render(request, "portal/lookup.html", {"form": form, "error": TOO_MANY}, status=429)
    if not form.is_valid():
        return render(request, "portal/lookup.html", {"form": form}, status=400)
    dossier = find_dossier(form.cleaned_data["code"], form.cleaned_data["secret"])
    if dossier is None:
        return render(request, "portal/lookup.html", {"form": form, "error": NOT_FOUND}, status=404)
    return render(request, "portal/lookup.html", {"form": form, "dossier": public_view(dossier)})
