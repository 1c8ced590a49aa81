"""The fee panel on the dossier page, and the online-payment callback and fake gateway pages."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.dossiers.access import dossier_for_user
from motcua.dossiers.models import Dossier
from motcua.dossiers.views import workspace_view
from motcua.payments.access import may_adjust_fees, may_record_payment
from motcua.payments.forms import AdjustmentForm, PaymentForm
from motcua.payments.gateways import CallbackRejected, FakeGateway, configured_gateway
from motcua.payments.services import adjust_fee, fee_summary, handle_callback, record_payment


def _panel(
    request: HttpRequest,
    dossier: Dossier,
    *,
    payment_form: PaymentForm | None = None,
    adjustment_form: AdjustmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    summary = fee_summary(dossier)
    fees = [(line.fee.pk, line.fee.description[:80]) for line in summary.lines]
    context = {
        "dossier": dossier,
        "summary": summary,
        "payment_form": (payment_form or PaymentForm()) if may_record_payment(request.user, dossier) else None,
        "adjustment_form": (adjustment_form or AdjustmentForm(fees=fees))
        if fees and may_adjust_fees(request.user, dossier)
        else None,
    }
    return render(request, "payments/includes/fee_panel.html", context, status=status)


@require_GET
@workspace_view
def panel(request: HttpRequest, code: str) -> HttpResponse:
    return _panel(request, dossier_for_user(request.user, code))


@require_POST
@workspace_view
def record(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_for_user(request.user, code, write=True)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            record_payment(dossier, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _panel(request, dossier)
    return _panel(request, dossier, payment_form=form, status=422)


@require_POST
@workspace_view
def adjust(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_for_user(request.user, code, write=True)
    fees = [(line.fee.pk, line.fee.description[:80]) for line in fee_summary(dossier).lines]
    form = AdjustmentForm(request.POST, fees=fees)
    if form.is_valid():
        try:
            adjust_fee(dossier, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _panel(request, dossier)
    return _panel(request, dossier, adjustment_form=form, status=422)


@csrf_exempt  # the gateway (or the payer's browser sent back by it) posts here; the HMAC is the proof
@require_http_methods(["GET", "POST"])
def callback(request: HttpRequest) -> HttpResponse:
    params = (request.POST if request.method == "POST" else request.GET).dict()
    try:
        payment = handle_callback(params)
    except CallbackRejected:
        return render(request, "payments/callback.html", {"payment": None}, status=400)
    return render(request, "payments/callback.html", {"payment": payment})


@require_GET
def fake_gateway(request: HttpRequest) -> HttpResponse:
    """The fake gateway's payment page: pay or give up, each leading to a signed callback (development only)."""
    gateway = configured_gateway()
    if not isinstance(gateway, FakeGateway):
        raise Http404(_("Không có cổng thanh toán giả lập."))
    reference = request.GET.get("reference", "")
    try:
        amount = int(request.GET.get("amount", ""))
    except ValueError as error:
        raise Http404(_("Thiếu thông tin giao dịch.")) from error
    target = reverse("payments:callback")
    links = {
        outcome: f"{target}?"
        + urlencode(gateway.callback_params(reference, amount, success=outcome, transaction_id=f"GL-{reference[:8]}"))
        for outcome in (True, False)
    }
    return render(
        request,
        "payments/fake_gateway.html",
        {"amount": amount, "reference": reference, "pay_url": links[True], "cancel_url": links[False]},
    )
