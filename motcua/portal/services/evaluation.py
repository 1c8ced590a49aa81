"""Citizens rate a dossier after its result is returned (Decree 61 Art. 31, Circular 01/2018 Arts. 12–14).

The rating is reached by a signed link (and its QR code) given to the applicant, or on the desk's kiosk opened by an
officer for one dossier. Indices 1–3 are computed here from the dossier's own records; index 3 is also asked, and
both are kept. One rating per dossier (a one-to-one column, and a clear message when a second one is tried).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import segno
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, DossierStatus, Judgement
from motcua.organization.models import User
from motcua.portal.models import Evaluation, EvaluationSource, SatisfactionLevel

LINK_SALT = "motcua.portal.evaluation"
LINK_DAYS: int = getattr(settings, "MOTCUA_EVALUATION_LINK_DAYS", 180)
SCORE_BY_JUDGEMENT = {Judgement.EARLY: 2, Judgement.ON_TIME: 1, Judgement.LATE: 0}


def evaluation_token(dossier: Dossier) -> str:
    """The secret part of the rating link: the dossier code, signed with the project's key."""
    return signing.dumps(dossier.code, salt=LINK_SALT, compress=True)


def dossier_for_token(token: str) -> Dossier | None:
    """The dossier of a valid, unexpired link; None for anything else (tampered, expired, unknown)."""
    try:
        code = signing.loads(token, salt=LINK_SALT, max_age=dt.timedelta(days=LINK_DAYS))
    except signing.BadSignature:
        return None
    return Dossier.objects.select_related("procedure_version__procedure", "receiving_unit").filter(code=code).first()


def evaluation_path(dossier: Dossier) -> str:
    return reverse("portal:evaluate", kwargs={"token": evaluation_token(dossier)})


def qr_svg(url: str) -> str:
    """An inline SVG QR code of ``url`` (printed on the return slip, shown on the citizen's page)."""
    return segno.make(url, error="m").svg_inline(scale=4, dark="#1b1f24", light="#ffffff")


def _scale(count: int) -> int:
    return 2 if count == 0 else 1 if count == 1 else 0


def computed_scores(dossier: Dossier) -> tuple[int, int, int]:
    """Indices 1–3 from the records: return vs appointment, each hand-over vs its allotment, supplementation rounds.

    Index 2 takes the worst hand-over (one late agency makes it 0; all early make it 2). Index 3 counts the
    supplementation requests not caused by the applicant's own fault.
    """
    c1 = SCORE_BY_JUDGEMENT[Judgement(dossier.judgement)]
    judgements = set(dossier.visits.exclude(judgement="").values_list("judgement", flat=True))
    if Judgement.LATE in judgements:
        c2 = 0
    elif judgements and judgements <= {Judgement.EARLY}:
        c2 = 2
    else:
        c2 = 1
    c3 = _scale(dossier.supplementations.filter(applicant_at_fault=False).count())
    return c1, c2, c3


@dataclasses.dataclass
class EvaluationAnswers:
    """What the applicant answers: indices 3, 4 and 7 (required), 5, 6, 8, 9 (optional), satisfaction, comment."""

    contacts: int
    agencies: int
    attitude: int
    satisfaction: str
    comment: str = ""
    one_stop: int | None = None
    publication: int | None = None
    feedback: int | None = None
    online: int | None = None


def _check(answers: EvaluationAnswers) -> None:
    scores = [answers.contacts, answers.agencies, answers.attitude, answers.one_stop, answers.publication]
    scores += [answers.feedback, answers.online]
    if any(score is not None and score not in (0, 1, 2) for score in scores):
        raise ValidationError(_("Mỗi tiêu chí được chấm 2, 1 hoặc 0 điểm."), code="score")
    if answers.satisfaction not in SatisfactionLevel.values:
        raise ValidationError({"satisfaction": _("Hãy chọn mức độ hài lòng.")})


def record_evaluation(
    *,
    dossier: Dossier,
    answers: EvaluationAnswers,
    source: EvaluationSource,
    kiosk_officer: User | None = None,
    at: dt.datetime | None = None,
) -> Evaluation:
    """Store the one rating of a returned dossier, with indices 1–3 computed now."""
    at = at or timezone.now()
    if dossier.status != DossierStatus.RETURNED:
        raise ValidationError(_("Chỉ đánh giá được khi hồ sơ đã trả kết quả."), code="not_returned")
    if source == EvaluationSource.KIOSK and kiosk_officer is None:
        raise ValidationError(_("Thiết bị đánh giá tại quầy phải do cán bộ mở cho hồ sơ."), code="kiosk")
    _check(answers)
    if Evaluation.objects.filter(dossier=dossier).exists():
        raise ValidationError(_("Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần."), code="already_rated")
    c1, c2, c3 = computed_scores(dossier)
    try:
        with transaction.atomic():
            return Evaluation.objects.create(
                dossier=dossier,
                source=source,
                c1_resolution_time=c1,
                c2_agency_time=c2,
                c3_contacts_computed=c3,
                c3_contacts=answers.contacts,
                c4_agencies=answers.agencies,
                c5_one_stop=answers.one_stop,
                c6_publication=answers.publication,
                c7_attitude=answers.attitude,
                c8_feedback=answers.feedback,
                c9_online=answers.online,
                satisfaction=answers.satisfaction,
                comment=answers.comment.strip(),
                recorded_at=at,
                kiosk_opened_by=kiosk_officer,
            )
    except IntegrityError as error:  # a second rating raced the first
        raise ValidationError(
            _("Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần."), code="already_rated"
        ) from error
