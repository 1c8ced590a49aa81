"""The fee panel: staff who may see the dossier read it; only the desk takes money, only the leader adjusts."""

from __future__ import annotations

from django.urls import reverse

from motcua.payments.models import Payment, PaymentState


def test_the_panel_asks_an_anonymous_visitor_to_sign_in(client, dossier):
    response = client.get(reverse("payments:panel", args=[dossier.code]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_panel_is_404_for_staff_of_another_unit(client, personas, dossier):
    client.force_login(personas.outsider)
    assert client.get(reverse("payments:panel", args=[dossier.code])).status_code == 404


def test_the_panel_shows_the_fees_and_the_payment_form_to_the_desk(client, personas, dossier):
    client.force_login(personas.desk_officer)
    response = client.get(reverse("payments:panel", args=[dossier.code]))
    assert response.status_code == 200
    assert "Lệ phí cấp giấy xác nhận" in response.content.decode()
    assert response.context["payment_form"] is not None
    assert response.context["adjustment_form"] is None


def test_the_dossier_page_includes_the_fee_panel_slot(client, personas, dossier):
    client.force_login(personas.desk_officer)
    response = client.get(reverse("dossiers:detail", args=[dossier.code]))
    assert reverse("payments:panel", args=[dossier.code]) in response.content.decode()


def test_the_desk_records_a_payment_from_the_panel(client, personas, dossier):
    client.force_login(personas.desk_officer)
    response = client.post(
        reverse("payments:record", args=[dossier.code]),
        {"method": "cash", "amount_vnd": "50000", "receipt_number": "BL-7"},
    )
    assert response.status_code == 200
    assert Payment.objects.get(dossier=dossier).state == PaymentState.PAID


def test_an_overpayment_from_the_panel_is_answered_422_with_the_reason(client, personas, dossier):
    client.force_login(personas.desk_officer)
    response = client.post(
        reverse("payments:record", args=[dossier.code]),
        {"method": "cash", "amount_vnd": "90000", "receipt_number": "BL-7"},
    )
    assert response.status_code == 422
    assert "vượt quá" in response.content.decode()
    assert not Payment.objects.exists()


def test_a_monitor_may_read_the_panel_but_not_take_payments(client, personas, dossier):
    client.force_login(personas.provincial_monitor)
    assert client.get(reverse("payments:panel", args=[dossier.code])).status_code == 200
    response = client.post(
        reverse("payments:record", args=[dossier.code]),
        {"method": "cash", "amount_vnd": "1", "receipt_number": "BL"},
    )
    assert response.status_code == 403


def test_a_specialist_posting_a_payment_is_refused(client, personas, dossier):
    client.force_login(personas.specialist)
    response = client.post(
        reverse("payments:record", args=[dossier.code]),
        {"method": "cash", "amount_vnd": "1", "receipt_number": "BL"},
    )
    assert response.status_code == 403
    assert not Payment.objects.exists()


def test_the_leader_adjusts_a_fee_from_the_panel(client, personas, dossier, fees):
    client.force_login(personas.unit_leader)
    response = client.post(
        reverse("payments:adjust", args=[dossier.code]),
        {"fee_id": fees[1].pk, "amount_vnd": "20000", "reason": "Theo biểu phí"},
    )
    assert response.status_code == 200
    assert response.context["summary"].due_vnd == 70_000
