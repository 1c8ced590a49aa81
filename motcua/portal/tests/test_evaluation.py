"""Evaluation: after the return only, once per dossier, indices 1–3 computed, reachable by signed link or kiosk."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.portal.models import Evaluation, EvaluationSource, SatisfactionLevel
from motcua.portal.services.evaluation import (
    EvaluationAnswers,
    computed_scores,
    dossier_for_token,
    evaluation_token,
    qr_svg,
    record_evaluation,
)
from motcua.portal.tests.helpers import MONDAY, received_online, returned

ANSWERS = EvaluationAnswers(contacts=2, agencies=2, attitude=2, satisfaction=SatisfactionLevel.VERY_SATISFIED)


@pytest.fixture
def dossier(personas, citizen, version):
    return received_online(personas, citizen, version)


def test_a_dossier_is_rated_only_after_its_result_is_returned(dossier):
    with pytest.raises(ValidationError) as error:
        record_evaluation(dossier=dossier, answers=ANSWERS, source=EvaluationSource.LINK)
    assert error.value.code == "not_returned"


def test_one_evaluation_per_dossier(dossier, personas):
    done = returned(personas, dossier, MONDAY + dt.timedelta(hours=2))
    record_evaluation(dossier=done, answers=ANSWERS, source=EvaluationSource.LINK)
    with pytest.raises(ValidationError) as error:
        record_evaluation(
            dossier=done, answers=ANSWERS, source=EvaluationSource.KIOSK, kiosk_officer=personas.desk_officer
        )
    assert error.value.code == "already_rated"
    assert Evaluation.objects.filter(dossier=done).count() == 1


def test_indices_one_to_three_are_computed_from_the_records_and_index_three_is_kept_both_ways(dossier, personas):
    done = returned(personas, dossier, MONDAY + dt.timedelta(hours=1, minutes=5))
    answers = EvaluationAnswers(contacts=1, agencies=2, attitude=1, satisfaction=SatisfactionLevel.SATISFIED)
    rating = record_evaluation(dossier=done, answers=answers, source=EvaluationSource.LINK)
    # Returned early; the desk's hand-overs are judged on time and none late (index 2 is 1); no supplementation.
    assert computed_scores(done) == (2, 1, 2)
    assert (rating.c1_resolution_time, rating.c2_agency_time, rating.c3_contacts_computed) == (2, 1, 2)
    assert (rating.c3_contacts, rating.c7_attitude) == (1, 1)


def test_one_late_hand_over_makes_index_two_zero(dossier, personas):
    # The reception step has 72 working minutes (5 % of 3 days) from 10:00; the desk forwards at 12:00.
    done = returned(personas, dossier, MONDAY + dt.timedelta(hours=2))
    assert computed_scores(done)[1] == 0


def test_scores_outside_two_one_zero_are_refused(dossier, personas):
    done = returned(personas, dossier, MONDAY + dt.timedelta(hours=2))
    bad = EvaluationAnswers(contacts=3, agencies=2, attitude=2, satisfaction=SatisfactionLevel.SATISFIED)
    with pytest.raises(ValidationError):
        record_evaluation(dossier=done, answers=bad, source=EvaluationSource.LINK)


def test_the_kiosk_needs_the_officer_who_opened_it(dossier, personas):
    done = returned(personas, dossier, MONDAY + dt.timedelta(hours=2))
    with pytest.raises(ValidationError):
        record_evaluation(dossier=done, answers=ANSWERS, source=EvaluationSource.KIOSK)


def test_the_link_names_its_dossier_and_a_tampered_link_names_none(dossier):
    token = evaluation_token(dossier)
    assert dossier_for_token(token) == dossier
    assert dossier_for_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB")) is None


def test_the_qr_code_is_an_inline_svg():
    assert qr_svg("https://motcua.example/danh-gia/x/").startswith("<svg")
