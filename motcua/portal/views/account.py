"""Citizen accounts: sign up, enter the code, sign in, the profile."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from motcua.dossiers.forms import add_service_error
from motcua.lib.throttle import client_address, refused_unchecked
from motcua.portal.access import citizen_view
from motcua.portal.forms import CitizenLoginForm, ProfileForm, SignUpForm, VerifyForm
from motcua.portal.models import Citizen
from motcua.portal.services.accounts import (
    AccountAction,
    account_attempt_allowed,
    issue_code,
    sign_up,
    update_profile,
    verify_code,
)

# The citizen waiting to enter their code, kept in the session between the two pages.
PENDING_KEY = "portal_pending_citizen"
TOO_MANY = _("Đã thử quá nhiều lần từ máy này hoặc cho tài khoản này. Vui lòng thử lại sau ít phút.")


def _allowed(request: HttpRequest, action: AccountAction, account: str) -> bool:
    return account_attempt_allowed(action, client=client_address(request), account=account)


@never_cache
def signup(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not _allowed(request, AccountAction.SIGN_UP, request.POST.get("contact", "")):
            form.is_valid()
            form.add_error(None, TOO_MANY)
            return render(request, "portal/signup.html", {"form": form}, status=429)
        if form.is_valid():
            try:
                citizen = sign_up(form.sign_up_data())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                request.session[PENDING_KEY] = citizen.pk
                return redirect("portal:verify")
        status = 422
    return render(request, "portal/signup.html", {"form": form}, status=status)


@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    """Enter the code sent at sign-up; ``resend`` sends a fresh one."""
    citizen = Citizen.objects.filter(pk=request.session.get(PENDING_KEY), verified_at__isnull=True).first()
    if citizen is None:
        return redirect("portal:signup")
    form = VerifyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if "resend" in request.POST:
            if not _allowed(request, AccountAction.RESEND_CODE, citizen.contact):
                messages.error(request, TOO_MANY)
                return render(
                    request, "portal/verify.html", {"form": VerifyForm(), "contact": citizen.contact}, status=429
                )
            issue_code(citizen)
            messages.info(request, _("Đã gửi mã xác thực mới."))
            return redirect("portal:verify")
        if form.is_valid():
            try:
                verify_code(citizen, form.cleaned_data["code"])
            except ValidationError as error:
                add_service_error(form, error)
            else:
                del request.session[PENDING_KEY]
                messages.success(request, _("Tài khoản đã được xác thực. Mời bạn đăng nhập."))
                return redirect("portal:login")
        status = 422
    return render(request, "portal/verify.html", {"form": form, "contact": citizen.contact}, status=status)


class CitizenLoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    authentication_form = CitizenLoginForm
    next_page = "portal:mine"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Refused before the password is checked once the address or the account has used its allowance."""
        if _allowed(request, AccountAction.SIGN_IN, request.POST.get("username", "")):
            return super().post(request, *args, **kwargs)
        form = refused_unchecked(self.get_form(), TOO_MANY)
        return self.render_to_response(self.get_context_data(form=form), status=429)


@citizen_view
def profile(request: HttpRequest) -> HttpResponse:
    citizen = request.citizen  # type: ignore[attr-defined]
    form = ProfileForm(request.POST or None, initial={"address": citizen.address})
    if request.method == "POST" and form.is_valid():
        update_profile(citizen, address=form.cleaned_data["address"])
        messages.success(request, _("Đã lưu."))
        return redirect("portal:profile")
    return render(request, "portal/profile.html", {"form": form, "citizen": citizen})
