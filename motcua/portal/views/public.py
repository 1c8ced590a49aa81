"""Pages open to anyone: the dossier lookup, the procedure catalog, and complaints and petitions (PAKN)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from motcua.catalog.models import OnlineMode
from motcua.catalog.services import published_components
from motcua.dossiers.forms import add_service_error
from motcua.lib.throttle import attempt_allowed, client_address
from motcua.organization.models import Unit
from motcua.portal.forms import CatalogSearchForm, FeedbackForm, LookupForm
from motcua.portal.models import Feedback, FeedbackState
from motcua.portal.selectors import receiving_units, search_catalog, versions_in_force
from motcua.portal.services.accounts import citizen_of
from motcua.portal.services.feedback import submit_feedback
from motcua.portal.services.lookup import LOOKUP_RATE, find_dossier, public_view

NOT_FOUND = _("Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này. Hãy kiểm tra lại trên giấy tiếp nhận.")
TOO_MANY = _("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút.")
PAGE_SIZE = 20


@never_cache
def lookup(request: HttpRequest) -> HttpResponse:
    """GET shows the form; POST looks the dossier up (POST keeps the secret out of addresses and logs)."""
    if request.method != "POST":
        return render(request, "portal/lookup.html", {"form": LookupForm()})
    form = LookupForm(request.POST)
    if not attempt_allowed("lookup", client_address(request), LOOKUP_RATE):
        return render(request, "portal/lookup.html", {"form": form, "error": TOO_MANY}, status=429)
    if not form.is_valid():
        return render(request, "portal/lookup.html", {"form": form}, status=400)
    dossier = find_dossier(form.cleaned_data["code"], form.cleaned_data["secret"])
    if dossier is None:
        return render(request, "portal/lookup.html", {"form": form, "error": NOT_FOUND}, status=404)
    return render(request, "portal/lookup.html", {"form": form, "dossier": public_view(dossier)})


@require_GET
def catalog(request: HttpRequest) -> HttpResponse:
    """Search the procedures in force by words of the name or the code, sector, level and online availability."""
    form = CatalogSearchForm(request.GET or None)
    criteria = form.cleaned_data if form.is_valid() else {}
    versions = search_catalog(
        text=criteria.get("q", ""),
        sector_id=criteria["sector"].pk if criteria.get("sector") else None,
        level=criteria.get("level", ""),
        online_only=criteria.get("online", False),
        day=timezone.localdate(),
    )
    page = Paginator(versions, PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return render(request, "portal/catalog.html", {"form": form, "page": page, "query": query.urlencode()})


@require_GET
def procedure(request: HttpRequest, code: str) -> HttpResponse:
    """One procedure as published today: components, fees, time limit, result, legal basis and where to file it."""
    day = timezone.localdate()
    version = versions_in_force(day).filter(procedure__code=code).order_by("-valid_from").first()
    if version is None:
        raise Http404(_("Không tìm thấy thủ tục."))
    units = receiving_units(version, day)
    context = {
        "version": version,
        "components": published_components(version),
        "fees": version.fees.all(),
        "units": units,
        "online": version.online_mode != OnlineMode.NONE,
        "citizen": citizen_of(request.user),
    }
    return render(request, "portal/procedure.html", context)


def _feedback_units(day: object) -> object:
    return Unit.objects.active_on(day).filter(Q(level="province") | Q(memberships__role="desk_officer")).distinct()


def feedback(request: HttpRequest) -> HttpResponse:
    """Send a complaint or petition; below it, the answers published so far."""
    day = timezone.localdate()
    citizen = citizen_of(request.user)
    initial = {"sender_name": citizen.full_name, "sender_contact": citizen.contact} if citizen else {}
    form = FeedbackForm(request.POST or None, units=_feedback_units(day).order_by("level", "name"), initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                item = submit_feedback(data=form.feedback_data(), citizen=citizen)
            except ValidationError as error:
                add_service_error(form, error, FeedbackForm.FIELD_MAP)
            else:
                messages.success(
                    request,
                    _("Đã gửi phản ánh, kiến nghị số %(n)s. Cơ quan sẽ trả lời trước %(due)s.")
                    % {"n": item.number, "due": timezone.localtime(item.answer_by).strftime("%d/%m/%Y")},
                )
                return redirect("portal:feedback")
        status = 422
    published = Feedback.objects.filter(state=FeedbackState.PUBLISHED).select_related("unit").order_by("-published_at")
    return render(request, "portal/feedback.html", {"form": form, "published": published[:20]}, status=status)
