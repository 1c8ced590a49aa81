"""Decision 766 indicators read from the other apps' records: national-portal sync, online payment, data reuse and the
population database, complaints and petitions, and citizens' ratings. Every record is made by its owning service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from motcua.catalog.models import Fee, FeeKind, VersionStatus
from motcua.catalog.services import build_standard_process
from motcua.catalog.tests.factories import ComponentFactory, ProcedureVersionFactory
from motcua.dossiers.tests.factories import person, received
from motcua.dossiers.tests.helpers import act
from motcua.monitoring.selectors.figures import dossiers_behind
from motcua.monitoring.selectors.index766 import cost_condition, index_by_unit, index_for
from motcua.monitoring.selectors.scope import UnitTree
from motcua.monitoring.tests.conftest import at, desk_lookup_reception
from motcua.payments.gateways import FakeGateway
from motcua.payments.services import handle_callback, record_payment, start_online_payment
from motcua.portal.models import DataReuse, EvaluationSource, FeedbackKind
from motcua.portal.services import submissions
from motcua.portal.services.evaluation import EvaluationAnswers, record_evaluation
from motcua.portal.services.feedback import FeedbackData, answer_feedback, reject_feedback, submit_feedback
from motcua.portal.services.submissions import ApplicantInput
from motcua.portal.tests.factories import AN, PDF, make_citizen, online_version, upload
from motcua.portal.tests.helpers import received_online
from motcua.sync.models import OutboxMessage, OutboxState
from motcua.sync.services import send_pending


def _scores(result):
    return {score.key: score for score in result.scores}


def _numbers(world, key, **filters):
    score = _scores(index_for(world.filters(**filters)))[key]
    return score.numerator, score.denominator


class AcceptingPortal:
    """The national portal accepting every message (the sender contract of ``motcua.sync.senders``)."""

    def send(self, body: dict, *, idempotency_key: str) -> None:
        return None


def test_a_dossier_counts_as_synced_once_every_status_change_reached_the_national_portal(world):
    assert _numbers(world, "transparency.sync") == (0, 7)
    send_pending(AcceptingPortal(), batch=1000)
    assert not OutboxMessage.objects.exclude(state=OutboxState.SENT).exists()
    assert _numbers(world, "transparency.sync") == (7, 7)
    act(world.online, "forward", world.personas.desk_officer, at(20, 9))
    assert OutboxMessage.objects.filter(dossier=world.online, state=OutboxState.PENDING).exists()
    assert _numbers(world, "transparency.sync") == (6, 7)
    costly = dossiers_behind(world.filters(), cost_condition("transparency.sync", world.filters()))
    assert list(costly) == [world.online]


def test_a_submission_waiting_at_the_desk_does_not_hide_the_synced_dossiers(world, settings, tmp_path):
    """Its unsent message has no dossier yet; "not among the unsent" must not read a NULL as matching everything."""
    settings.MEDIA_ROOT = tmp_path / "media"
    send_pending(AcceptingPortal(), batch=1000)
    version = online_version()
    draft = submissions.start(citizen=make_citizen(), version=version, receiving_unit=world.personas.commune)
    submissions.save_applicant(
        draft,
        ApplicantInput(
            kind="person", name=AN["name"], identity_number=AN["identity_number"], date_of_birth=AN["birth_date"]
        ),
    )
    submissions.upload(draft, component_id=version.components.get(order=1).pk, file=upload(PDF))
    submissions.submit(draft, at=at(20, 9))
    assert OutboxMessage.objects.filter(dossier__isnull=True, state=OutboxState.PENDING).exists()
    assert _numbers(world, "transparency.sync") == (7, 7)


@pytest.fixture
def fee_version(db):
    """A procedure charging 50,000 đ, its fee written while the version is a draft (published law is frozen)."""
    version = ProcedureVersionFactory(valid_from=dt.date(2025, 1, 1), time_limit_value=Decimal(3))
    ComponentFactory(version=version, order=1, required=True)
    Fee.objects.create(version=version, kind=FeeKind.CHARGE, description="Lệ phí", amount_vnd=50_000)
    version.status = VersionStatus.PUBLISHED
    version.save()
    build_standard_process(
        version, decision_number="1/QĐ-UBND", decision_date=version.valid_from, decision_signer="Chủ tịch", by=None
    )
    return version


def test_online_payment_counts_paid_dossiers_and_procedures_with_fees_paid_online(world, fee_version, settings):
    p = world.personas
    settings.MOTCUA_PAYMENT_SECRET = "bi-mat-thu-nghiem"
    gateway = FakeGateway(settings.MOTCUA_PAYMENT_SECRET, settings.MOTCUA_PAYMENT_GATEWAY_URL)
    at_counter = received(fee_version, p.commune, p.desk_officer, at(6))
    record_payment(
        at_counter, method="cash", amount_vnd=50_000, receipt_number="BL-1", actor=p.desk_officer, paid_at=at(6, 9)
    )
    procedures = _scores(index_for(world.filters()))["payment.procedures"]
    assert (procedures.numerator, procedures.denominator) == (0, 1)
    assert procedures.costly_procedures == (fee_version.procedure,)

    online = received(fee_version, p.commune, p.desk_officer, at(7))
    with time_machine.travel(at(7, 10), tick=False):
        payment, _url = start_online_payment(online, return_url="/", gateway=gateway)
        handle_callback(
            gateway.callback_params(payment.reference, 50_000, success=True, transaction_id="T1"), gateway=gateway
        )
    scores = _scores(index_for(world.filters()))
    assert (scores["payment.dossiers"].numerator, scores["payment.dossiers"].denominator) == (1, 2)
    assert (scores["payment.procedures"].numerator, scores["payment.procedures"].denominator) == (1, 1)
    assert scores["payment.procedures"].points == Decimal("5.00")
    costly = dossiers_behind(world.filters(), cost_condition("payment.dossiers", world.filters()))
    assert list(costly) == [at_counter]


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_population_data_counts_every_channels_person_dossiers_whose_papers_the_database_holds(world, media_in_tmp):
    p = world.personas
    version = online_version()
    looked_up = received_online(p, make_citizen(), version)
    at_desk = desk_lookup_reception(p, version, at(8), verified=True)
    failed = desk_lookup_reception(p, version, at(8, 9), verified=False)
    organisation = person(kind="organisation", tax_code="0301234567", identity_number="", date_of_birth=None)
    desk_lookup_reception(p, version, at(8, 10), verified=True, applicant=organisation)  # not a person's dossier
    # The world's own dossiers list no paper the population database holds: not candidates.
    assert _numbers(world, "digitisation.population_data") == (2, 3)
    costly = dossiers_behind(world.filters(), cost_condition("digitisation.population_data", world.filters()))
    assert list(costly) == [failed]
    assert {r.dossier for r in DataReuse.objects.filter(dossier__isnull=False)} >= {at_desk, failed}
    # Reusing digitised data stays an online measure: the portal's look-ups that spared a paper.
    assert _numbers(world, "digitisation.data_reuse") == (1, 1)
    assert looked_up.online_submission.reuses.get().components.exists()


def _feedback(unit, when, **fields) -> object:
    data = FeedbackData(
        unit_id=unit.pk,
        kind=fields.pop("kind", FeedbackKind.PETITION),
        sender_name="Trần Bình",
        sender_contact="binh@example.vn",
        subject="Về thủ tục",
        content="Đề nghị hướng dẫn.",
        **fields,
    )
    return submit_feedback(data=data, at=when)


def test_pakn_answered_within_fifteen_working_days_count_on_time_and_overdue_ones_do_not(world):
    p = world.personas
    answered = _feedback(p.commune, at(1, 9))
    answer_feedback(actor=p.desk_officer, feedback=answered, answer="Đã hướng dẫn.", at=at(3, 9))
    _feedback(p.commune, at(1, 9, month=9))  # due in September, still unanswered on 20 October
    rejected = _feedback(p.commune, at(2, 9, month=9))
    reject_feedback(actor=p.desk_officer, feedback=rejected, reason="Không thuộc thẩm quyền", at=at(3, 9, month=9))
    assert _numbers(world, "satisfaction.pakn_on_time") == (1, 2)
    commune = _scores(index_by_unit(world.filters(), UnitTree())[p.commune.pk])["satisfaction.pakn_on_time"]
    assert (commune.numerator, commune.denominator) == (1, 2)
    assert _numbers(world, "satisfaction.pakn_on_time", units=frozenset({p.other_commune.pk})) == (0, 0)


def test_handling_satisfaction_subtracts_the_overdue_rate_and_the_share_complained_about_or_rated_unsatisfied(world):
    p = world.personas
    _feedback(p.commune, at(8), kind=FeedbackKind.COMPLAINT, dossier_code=world.early.code)
    answers = EvaluationAnswers(contacts=2, agencies=2, attitude=0, satisfaction="not_satisfied")
    record_evaluation(dossier=world.carried, answers=answers, source=EvaluationSource.LINK, at=at(2))
    handling = _scores(index_for(world.filters()))["satisfaction.handling"]
    # 7 handled, 3 of them late (progress), 2 complained about or rated "not satisfied": 100 % − 3/7 − 2/7.
    assert (handling.numerator, handling.denominator) == (2, 7)
    assert handling.points == Decimal("1.90")  # 6 × (2/7) / 0.9
    costly = dossiers_behind(world.filters(), cost_condition("satisfaction.handling", world.filters()))
    assert {d.code for d in costly} == {
        d.code for d in (world.late, world.overdue, world.twice, world.early, world.carried)
    }
