"""The shell's pages: the home page greets a signed-in person with their roles and their queues' counts."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.dossiers.queues import has_workspace_role, queue_counts
from motcua.organization.models import Membership


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
