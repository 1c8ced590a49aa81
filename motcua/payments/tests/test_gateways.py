"""Online payment: the gateway contract, and callbacks that are verified, matched and applied once."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from motcua.payments.gateways import CallbackRejected, FakeGateway
from motcua.payments.models import PaymentMethod, PaymentState
from motcua.payments.services import fee_summary, handle_callback, record_payment, start_online_payment


@pytest.fixture
def gateway(settings) -> FakeGateway:
    settings.MOTCUA_PAYMENT_GATEWAY = "fake"
    settings.MOTCUA_PAYMENT_SECRET = "bi-mat-thu-nghiem"
    return FakeGateway(settings.MOTCUA_PAYMENT_SECRET, settings.MOTCUA_PAYMENT_GATEWAY_URL)


# The contract every gateway adapter keeps (run here against the fake one).


def test_a_gateway_payment_url_carries_our_reference_and_amount(dossier, gateway):
    payment, url = start_online_payment(dossier, return_url="/x", gateway=gateway)
    assert payment.reference in url
    assert str(payment.amount_vnd) in url


def test_a_gateway_accepts_its_own_signed_callback(gateway):
    params = gateway.callback_params("ref", 1000, success=True, transaction_id="T1")
    data = gateway.parse_callback(params)
    assert (data.reference, data.amount_vnd, data.success, data.transaction_id) == ("ref", 1000, True, "T1")


@pytest.mark.parametrize("field", ["amount", "reference", "status", "signature"])
def test_a_gateway_rejects_a_callback_with_any_field_altered(gateway, field):
    params = gateway.callback_params("ref", 1000, success=False, transaction_id="T1")
    params[field] = params[field] + "0"
    with pytest.raises(CallbackRejected):
        gateway.parse_callback(params)


def test_a_gateway_rejects_a_callback_signed_with_another_secret(gateway, settings):
    forged = FakeGateway("another-secret", "/").callback_params("ref", 1000, success=True, transaction_id="T")
    with pytest.raises(CallbackRejected):
        gateway.parse_callback(forged)


# The services around it.


def test_a_paid_callback_marks_the_online_payment_paid(dossier, gateway):
    payment, _url = start_online_payment(dossier, return_url="/x", gateway=gateway)
    assert (payment.amount_vnd, payment.state) == (50_000, PaymentState.PENDING)
    handle_callback(gateway.callback_params(payment.reference, 50_000, success=True, transaction_id="T1"))
    payment.refresh_from_db()
    assert (payment.state, payment.gateway_transaction) == (PaymentState.PAID, "T1")
    assert fee_summary(dossier).outstanding_vnd == 0


def test_a_repeated_callback_changes_nothing(dossier, gateway):
    payment, _url = start_online_payment(dossier, return_url="/x", gateway=gateway)
    params = gateway.callback_params(payment.reference, 50_000, success=True, transaction_id="T1")
    first = handle_callback(params)
    again = handle_callback(params)
    late_failure = handle_callback(
        gateway.callback_params(payment.reference, 50_000, success=False, transaction_id="T2")
    )
    assert first.paid_at == again.paid_at == late_failure.paid_at
    assert late_failure.state == PaymentState.PAID
    assert fee_summary(dossier).paid_vnd == 50_000


def test_a_callback_with_another_amount_than_started_is_refused(dossier, gateway):
    payment, _url = start_online_payment(dossier, return_url="/x", gateway=gateway)
    with pytest.raises(CallbackRejected):
        handle_callback(gateway.callback_params(payment.reference, 1, success=True, transaction_id="T1"))
    payment.refresh_from_db()
    assert payment.state == PaymentState.PENDING


def test_a_callback_for_an_unknown_reference_is_refused(db, gateway):
    with pytest.raises(CallbackRejected):
        handle_callback(gateway.callback_params("khong-co", 1, success=True, transaction_id="T1"))


def test_a_failed_callback_leaves_the_amount_outstanding(dossier, gateway):
    payment, _url = start_online_payment(dossier, return_url="/x", gateway=gateway)
    handle_callback(gateway.callback_params(payment.reference, 50_000, success=False, transaction_id="T1"))
    payment.refresh_from_db()
    assert payment.state == PaymentState.FAILED
    assert fee_summary(dossier).outstanding_vnd == 50_000


def test_online_payment_is_refused_when_nothing_is_outstanding(personas, dossier, gateway):
    record_payment(
        dossier, method=PaymentMethod.CASH, amount_vnd=50_000, receipt_number="BL", actor=personas.desk_officer
    )
    with pytest.raises(ValidationError):
        start_online_payment(dossier, return_url="/x", gateway=gateway)


def test_the_callback_endpoint_refuses_a_bad_hmac_with_400_and_records_nothing(client, dossier, gateway):
    payment, _url = start_online_payment(dossier, return_url="/x", gateway=gateway)
    params = gateway.callback_params(payment.reference, 50_000, success=True, transaction_id="T1")
    params["signature"] = "0" * 64
    response = client.post(reverse("payments:callback"), params)
    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.state == PaymentState.PENDING


def test_the_fake_gateway_page_leads_to_a_callback_that_pays(client, dossier, gateway):
    payment, url = start_online_payment(dossier, return_url="/x", gateway=gateway)
    page = client.get(url)
    assert page.status_code == 200
    response = client.get(page.context["pay_url"])
    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.state == PaymentState.PAID
