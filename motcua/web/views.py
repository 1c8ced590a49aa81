"""The shell's pages: the home page greets a signed-in person with the roles they hold today."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.organization.models import Membership


def home(request: HttpRequest) -> HttpResponse:
    memberships = []
    if request.user.is_authenticated:
        memberships = list(
            Membership.objects.active_on(timezone.localdate()).filter(user=request.user).select_related("unit")
        )
    return render(request, "web/home.html", {"memberships": memberships})
