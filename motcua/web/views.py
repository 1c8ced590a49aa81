"""The shell's pages: staff sign-in, and the home page greeting a signed-in person with their roles and queues."""

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.queues import has_workspace_role, queue_counts
from motcua.lib.throttle import attempt_allowed, client_address, refused_unchecked
from motcua.organization.models import Membership

TOO_MANY_SIGN_INS = _("Đã thử đăng nhập quá nhiều lần từ máy này hoặc cho tài khoản này. Vui lòng thử lại sau ít phút.")


def staff_sign_in_allowed(request: HttpRequest) -> bool:
    """Count one staff sign-in attempt per user name and per client address; False once either is used up.

    Per user name (``MOTCUA_STAFF_ACCOUNT_RATE``, default 10 per 15 minutes) stops guessing one official's password
    from many machines; per address (``MOTCUA_STAFF_CLIENT_RATE``, default 60 per 15 minutes) stops one machine
    trying many names, and is wide because an office's desks reach the server through one address. Both count.
    """
    by_client = attempt_allowed("staff:sign_in:client", client_address(request), settings.MOTCUA_STAFF_CLIENT_RATE)
    by_account = attempt_allowed(
        "staff:sign_in:account", request.POST.get("username", "").strip().casefold(), settings.MOTCUA_STAFF_ACCOUNT_RATE
    )
    return by_client and by_account


class StaffLoginView(auth_views.LoginView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Refused before the password is checked once the address or the user name has used its allowance."""
        if staff_sign_in_allowed(request):
            return super().post(request, *args, **kwargs)
        form = refused_unchecked(self.get_form(), TOO_MANY_SIGN_INS)
        return self.render_to_response(self.get_context_data(form=form), status=429)


def home(request: HttpRequest) -> HttpResponse:
    memberships = []
    counts = []
    if request.user.is_authenticated:
        memberships = list(
            Membership.objects.active_on(timezone.localdate()).filter(user=request.user).select_related("unit")
        )
        if has_workspace_role(request.user):
            counts = queue_counts(request.user)
    return render(request, "web/home.html", {"memberships": memberships, "counts": counts})
