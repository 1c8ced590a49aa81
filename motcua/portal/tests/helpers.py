"""A citizen's online dossier driven to the states other tests start from."""

from __future__ import annotations

import datetime as dt

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import TZ
from motcua.dossiers.tests.helpers import act
from motcua.organization.tests.personas import Personas
from motcua.portal.models import Citizen
from motcua.portal.services import submissions
from motcua.portal.services.submissions import ApplicantInput
from motcua.portal.tests.factories import AN, PDF, upload

MONDAY = dt.datetime(2025, 10, 6, 10, 0, tzinfo=TZ)


def received_online(personas: Personas, citizen: Citizen, version, at: dt.datetime = MONDAY) -> Dossier:
    """Filed online by ``citizen`` at ``at`` and received by the desk an hour later."""
    draft = submissions.start(citizen=citizen, version=version, receiving_unit=personas.commune)
    submissions.save_applicant(
        draft,
        ApplicantInput(
            kind="person", name=AN["name"], identity_number=AN["identity_number"], date_of_birth=AN["birth_date"]
        ),
    )
    submissions.upload(draft, component_id=version.components.get(order=1).pk, file=upload(PDF))
    submissions.submit(draft, at=at)
    return submissions.receive_submission(actor=personas.desk_officer, submission=draft, at=at + dt.timedelta(hours=1))


def waiting_for_supplement(personas: Personas, dossier: Dossier, at: dt.datetime) -> Dossier:
    """Forwarded to the specialist, who asks again for the form (component 1)."""
    dossier = act(dossier, "forward", personas.desk_officer, at)
    return act(
        dossier,
        "request_supplement",
        personas.specialist,
        at + dt.timedelta(hours=1),
        component_ids=[dossier.procedure_version.components.get(order=1).pk],
        reason="Tờ khai thiếu chữ ký",
    )


def returned(personas: Personas, dossier: Dossier, at: dt.datetime) -> Dossier:
    """Forwarded, its result attached, approved and returned within the time limit."""
    dossier = act(dossier, "forward", personas.desk_officer, at)
    dossier = act(dossier, "forward", personas.specialist, at + dt.timedelta(hours=1))
    dossier = act(dossier, "attach_result", personas.unit_leader, at + dt.timedelta(hours=1, minutes=30), name="KQ")
    dossier = act(dossier, "approve", personas.unit_leader, at + dt.timedelta(hours=2))
    return act(
        dossier, "return_result", personas.desk_officer, at + dt.timedelta(hours=3), method="counter", recipient="An"
    )
