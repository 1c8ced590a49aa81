"""Monitoring pages under ``/giam-sat/``: dashboards, drill-down, the 766 index, findings, officials, the report.

Every page reads the filter bar through ``FilterForm`` and the person's scope through ``access``; the numbers come
from the selectors, so the views only arrange them. Each page costs a fixed number of queries, whatever the number
of dossiers (tests assert it for the dashboard).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from motcua.dossiers.models import DossierEvent
from motcua.monitoring import access
from motcua.monitoring.charts import trend_chart
from motcua.monitoring.exports import ReportHeader, report_pdf, report_xlsx
from motcua.monitoring.forms import FilterForm
from motcua.monitoring.selectors.figures import (
    AGENCY_CONDITIONS,
    MEASURES,
    MEASURES_BY_KEY,
    NOT_MEASURED,
    by_agency,
    dossiers_behind,
    figures,
    figures_by_unit,
    monthly_trend,
)
from motcua.monitoring.selectors.findings import NOT_MEASURED as RULES_NOT_MEASURED
from motcua.monitoring.selectors.findings import Rule, finding, findings
from motcua.monitoring.selectors.index766 import BAND_LABELS, cost_condition, evidence_label, index_by_unit, index_for
from motcua.monitoring.selectors.officials import hand_overs, official_figures
from motcua.monitoring.selectors.report import COLUMN_LABELS, OFFICIAL_COLUMNS, SEPARATE_COLUMNS, periodic_report
from motcua.monitoring.selectors.scope import Filters, UnitTree

PAGE_SIZE = 50
PROVINCE_OFFICE = _("Văn phòng Ủy ban nhân dân tỉnh")


@dataclasses.dataclass
class Page:
    """What every monitoring view starts from."""

    request: HttpRequest
    tree: UnitTree
    scope: access.Scope
    form: FilterForm
    filters: Filters

    def context(self, **extra: Any) -> dict[str, Any]:
        query = self.request.GET.copy()
        for name in ("chi-so", "chi-so-766", "co-quan", "trang"):
            query.pop(name, None)
        return {"form": self.form, "filters": self.filters, "scope": self.scope, "query": query.urlencode(), **extra}


def monitoring_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in (else the login page), a provincial monitor or a unit leader (else 403); builds the ``Page``."""

    @wraps(view)
    @login_required
    @require_GET
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        tree = UnitTree()
        scope = access.scope_for(request.user, tree)
        unit_code = kwargs.get("code")
        if unit_code:
            access.unit_in_scope(scope, tree, unit_code)
        form = FilterForm(request.GET or None, scope=scope, tree=tree)
        page = Page(request, tree, scope, form, form.filters(unit_code=unit_code))
        return view(page, *args, **kwargs)

    return wrapper


@monitoring_view
def dashboard(page: Page, code: str | None = None) -> HttpResponse:
    """The province dashboard (a leader sees their units), or one unit's with ``code``."""
    unit = access.unit_in_scope(page.scope, page.tree, code) if code else None
    totals = figures(page.filters)
    per_unit = figures_by_unit(page.filters, page.tree)
    rows = sorted(
        ((page.tree.units[pk], [(m, values[m.key]) for m in MEASURES]) for pk, values in per_unit.items()),
        key=lambda row: row[0].code,
    )
    agencies = sorted(
        ((page.tree.units[pk], values) for pk, values in by_agency(page.filters, page.tree).items()),
        key=lambda row: row[0].code,
    )
    return render(
        page.request,
        "monitoring/dashboard.html",
        page.context(
            unit=unit,
            totals=[(m, totals[m.key]) for m in MEASURES],
            measures=MEASURES,
            unit_rows=rows,
            agency_rows=agencies,
            chart=trend_chart(monthly_trend(page.filters)),
            not_measured=NOT_MEASURED,
        ),
    )


@monitoring_view
def drilldown(page: Page) -> HttpResponse:
    """The dossiers behind one dashboard figure (``chi-so``) or behind the points lost on a 766 indicator."""
    key = page.request.GET.get("chi-so")
    index_key = page.request.GET.get("chi-so-766")
    agency_code = page.request.GET.get("co-quan")
    if key in AGENCY_CONDITIONS and agency_code:
        agency = next((u for u in page.tree.units.values() if u.code == agency_code), None)
        if agency is None:
            raise Http404(_("Không có cơ quan này."))
        recorded = page.tree.recorded_units([agency.pk], remap=page.filters.remap, subtree=False)
        title = f"{MEASURES_BY_KEY[key].label} — {agency.name}"
        condition = AGENCY_CONDITIONS[key](page.filters, recorded)
    elif key in MEASURES_BY_KEY:
        measure = MEASURES_BY_KEY[key]
        title, condition = measure.label, measure.condition(page.filters)
    elif index_key and evidence_label(index_key) is not None:
        title = _("Hồ sơ làm mất điểm: %(indicator)s") % {"indicator": evidence_label(index_key)}
        condition = cost_condition(index_key, page.filters)
    else:
        raise Http404(_("Không có chỉ số này."))
    listing = Paginator(dossiers_behind(page.filters, condition), PAGE_SIZE).get_page(page.request.GET.get("trang"))
    return render(page.request, "monitoring/drilldown.html", page.context(title=title, listing=listing))


@monitoring_view
def index766(page: Page) -> HttpResponse:
    """The Decision 766 index of the scope, with each indicator's evidence, and the table per unit."""
    result = index_for(page.filters, page.tree)
    per_unit = [(page.tree.units[pk], r) for pk, r in index_by_unit(page.filters, page.tree).items()]
    return render(
        page.request,
        "monitoring/index766.html",
        page.context(result=result, band=BAND_LABELS.get(result.band or ""), per_unit=per_unit, bands=BAND_LABELS),
    )


@monitoring_view
def finding_list(page: Page) -> HttpResponse:
    found = findings(page.filters)
    grouped = [(rule, [f for f in found if f.rule == rule]) for rule in Rule if rule not in RULES_NOT_MEASURED]
    not_measured = list(RULES_NOT_MEASURED.items())
    return render(page.request, "monitoring/findings.html", page.context(grouped=grouped, not_measured=not_measured))


@monitoring_view
def finding_detail(page: Page, rule: str, key: str) -> HttpResponse:
    """One finding with its evidence: the events in order, and the records it rests on."""
    if rule not in Rule.values or Rule(rule) in RULES_NOT_MEASURED:
        raise Http404(_("Không có quy tắc này."))
    found = finding(page.filters, Rule(rule), key)
    if found is None:
        raise Http404(_("Không tìm thấy phát hiện này (có thể đã được khắc phục hoặc nằm ngoài kỳ đã chọn)."))
    events = DossierEvent.objects.filter(pk__in=found.event_ids).select_related("dossier", "actor", "unit")
    return render(
        page.request,
        "monitoring/finding.html",
        page.context(finding=found, events=events.order_by("dossier_id", "seq")),
    )


@monitoring_view
def official_list(page: Page) -> HttpResponse:
    rows = official_figures(page.filters, findings(page.filters))
    return render(page.request, "monitoring/officials.html", page.context(rows=rows))


@monitoring_view
def official_detail(page: Page, username: str) -> HttpResponse:
    official = access.official_in_scope(page.scope, username)
    found = [f for f in findings(page.filters) if f.official == official]
    rows = official_figures(page.filters, found, officials=type(official).objects.filter(pk=official.pk))
    listing = Paginator(hand_overs(page.filters, official), PAGE_SIZE).get_page(page.request.GET.get("trang"))
    return render(
        page.request,
        "monitoring/official.html",
        page.context(official=official, figures=rows[0] if rows else None, found=found, listing=listing),
    )


def _report(page: Page) -> tuple[Any, ReportHeader]:
    by = "unit" if page.request.GET.get("theo") == "don-vi" else "sector"
    report = periodic_report(page.filters, by=by, tree=page.tree)
    led = [page.tree.units[pk].name for pk in page.scope.led]
    header = ReportHeader(
        start=page.filters.period.start.strftime("%d/%m/%Y"),
        end=page.filters.period.end.strftime("%d/%m/%Y"),
        reporting_unit=", ".join(led) if led else str(PROVINCE_OFFICE),
        receiving_unit=str(PROVINCE_OFFICE),
    )
    return report, header


@monitoring_view
def report(page: Page) -> HttpResponse:
    """The periodic report on screen, with its XLSX and PDF exports."""
    data, header = _report(page)
    return render(
        page.request,
        "monitoring/report.html",
        page.context(
            report=data,
            header=header,
            labels=[COLUMN_LABELS[key] for key in (*OFFICIAL_COLUMNS, *SEPARATE_COLUMNS)],
            by_unit=data.by == "unit",
        ),
    )


def _filename(page: Page, extension: str) -> str:
    period = page.filters.period
    return f"bao-cao-II06a-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{extension}"


@monitoring_view
def report_export(page: Page, fmt: str) -> FileResponse:
    data, header = _report(page)
    exporters = {"xlsx": report_xlsx, "pdf": report_pdf}
    if fmt not in exporters:
        raise Http404(_("Không hỗ trợ định dạng này."))
    return FileResponse(exporters[fmt](data, header), as_attachment=True, filename=_filename(page, fmt))
