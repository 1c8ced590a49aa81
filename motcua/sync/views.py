"""The staff page of the national-portal synchronisation: lag, counts by state and failing messages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from motcua.sync.access import check_may_watch_sync
from motcua.sync.models import OutboxState
from motcua.sync.services import failing_messages, sync_lag


@login_required
@require_GET
def status(request: HttpRequest) -> HttpResponse:
    check_may_watch_sync(request.user)
    lag = sync_lag()
    states = [(OutboxState(state).label, count) for state, count in lag.counts.items()]
    return render(request, "sync/status.html", {"lag": lag, "states": states, "failures": failing_messages()})
