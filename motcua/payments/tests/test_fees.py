"""What a dossier owes: the pinned version's fees, adjusted only with a reason by the resolving unit's leader."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.catalog.models import Fee
from motcua.payments.models import PaymentMethod
from motcua.payments.services import adjust_fee, fee_summary, record_payment


def test_the_amounts_due_come_from_the_pinned_version_and_an_unknown_amount_stays_undetermined(dossier, fees):
    summary = fee_summary(dossier)
    assert [(line.fee, line.due_vnd) for line in summary.lines] == [(fees[0], 50_000), (fees[1], None)]
    assert summary.due_vnd == 50_000
    assert summary.undetermined
    assert summary.outstanding_vnd == 50_000


def test_a_leader_adjusts_a_fee_with_a_reason_and_the_latest_adjustment_counts(personas, dossier, fees):
    adjust_fee(
        dossier, fee_id=fees[1].pk, amount_vnd=100_000, reason="Mức thu theo quyết định", actor=personas.unit_leader
    )
    adjust_fee(dossier, fee_id=fees[0].pk, amount_vnd=0, reason="Miễn cho hộ nghèo", actor=personas.unit_leader)
    summary = fee_summary(dossier)
    assert [line.due_vnd for line in summary.lines] == [0, 100_000]
    assert summary.lines[0].listed_vnd == 50_000
    assert summary.lines[0].adjustment.reason == "Miễn cho hộ nghèo"
    assert not summary.undetermined
    adjust_fee(dossier, fee_id=fees[1].pk, amount_vnd=80_000, reason="Đính chính", actor=personas.unit_leader)
    assert fee_summary(dossier).due_vnd == 80_000


def test_an_adjustment_without_a_reason_is_refused(personas, dossier, fees):
    with pytest.raises(ValidationError):
        adjust_fee(dossier, fee_id=fees[0].pk, amount_vnd=0, reason=" ", actor=personas.unit_leader)


def test_an_adjustment_of_a_fee_of_another_procedure_is_refused(personas, dossier):
    with pytest.raises(ValidationError):
        adjust_fee(
            dossier,
            fee_id=Fee.objects.order_by("-id").first().pk + 1,
            amount_vnd=0,
            reason="x",
            actor=personas.unit_leader,
        )


@pytest.mark.parametrize("who", ["desk_officer", "specialist", "outsider", "provincial_monitor"])
def test_only_the_resolving_units_leader_adjusts_fees(personas, dossier, fees, who):
    with pytest.raises(PermissionDenied):
        adjust_fee(dossier, fee_id=fees[0].pk, amount_vnd=0, reason="Miễn", actor=getattr(personas, who))


def test_the_desk_records_a_payment_with_its_receipt_and_the_outstanding_amount_drops(personas, dossier):
    payment = record_payment(
        dossier, method=PaymentMethod.CASH, amount_vnd=30_000, receipt_number="BL-0001", actor=personas.desk_officer
    )
    assert payment.paid_at is not None
    summary = fee_summary(dossier)
    assert (summary.paid_vnd, summary.outstanding_vnd) == (30_000, 20_000)


def test_a_desk_payment_needs_a_receipt_number(personas, dossier):
    with pytest.raises(ValidationError):
        record_payment(
            dossier, method=PaymentMethod.CASH, amount_vnd=10_000, receipt_number="", actor=personas.desk_officer
        )


def test_a_payment_above_what_is_outstanding_is_refused_and_nothing_is_saved(personas, dossier):
    with pytest.raises(ValidationError, match="vượt quá"):
        record_payment(
            dossier,
            method=PaymentMethod.TRANSFER,
            amount_vnd=50_001,
            receipt_number="BL-1",
            actor=personas.desk_officer,
        )
    assert fee_summary(dossier).payments == []


def test_an_online_method_cannot_be_recorded_at_the_desk(personas, dossier):
    with pytest.raises(ValidationError):
        record_payment(
            dossier, method=PaymentMethod.ONLINE, amount_vnd=1, receipt_number="X", actor=personas.desk_officer
        )


@pytest.mark.parametrize("who", ["specialist", "unit_leader", "outsider", "provincial_monitor"])
def test_only_a_desk_officer_of_the_receiving_unit_takes_fees(personas, dossier, who):
    with pytest.raises(PermissionDenied):
        record_payment(
            dossier, method=PaymentMethod.CASH, amount_vnd=1, receipt_number="BL", actor=getattr(personas, who)
        )
