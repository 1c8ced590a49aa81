"""The notification centre: the user's in-app notifications, marking them read, and the header badge."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from motcua.notifications.access import notifications_for
from motcua.notifications.selectors import inbox, unread_count
from motcua.notifications.services import mark_all_read, mark_read

PAGE_SIZE = 50


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(inbox(request.user), PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "notifications/list.html", {"page": page, "unread": unread_count(request.user)})


@login_required
@require_POST
def read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = mark_read(get_object_or_404(notifications_for(request.user), pk=pk))
    if request.htmx:
        return render(
            request,
            "notifications/includes/row_read.html",
            {"notification": notification, "unread": unread_count(request.user)},
        )
    return redirect("notifications:list")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    mark_all_read(request.user)
    return redirect("notifications:list")


@require_GET
def badge(request: HttpRequest) -> HttpResponse:
    """The unread count polled by the header; silent (204) for a visitor whose session has ended."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    return render(request, "notifications/includes/badge.html", {"unread": unread_count(request.user)})
