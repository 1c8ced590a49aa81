"""Demo dossiers: a few months of work at two commune centres and the provincial centre.

Every dossier is received and driven through the real services (`receive`, `perform`) at past instants, so the
queues, the dashboards, the Decision 766 index and the forms show figures that come from events, exactly as in
production. The mix is seeded and deterministic: mostly on time, some early, some late, one supplementation round
here and there, and some still open — on track, overdue, waiting for the applicant or for the leader's signature.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from motcua.catalog.models import OnlineMode, ProcedureVersion, StepKind, VersionStatus
from motcua.catalog.services import published_components
from motcua.consultations.services.consultations import answer_consultation
from motcua.demo.data import (
    DEMO_COMMUNES,
    FINANCE,
    HEALTH,
    POLICE,
    PROVINCIAL_CENTRE,
    REFERENCE_CONSULTATIONS,
    REFERENCE_RESOLVERS,
    commune_codes,
)
from motcua.dossiers.models import ApplicantKind, Channel, Dossier, ReturnMethod
from motcua.dossiers.services import ApplicantData, ComponentReceipt, ReceptionData, perform, receive
from motcua.dossiers.services.context import unit_for_step
from motcua.organization.models import Membership, Role, Unit, User
from motcua.workcalendar.services import calendar_for

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ"]
GIVEN_NAMES = ["Văn An", "Thị Bích", "Minh Châu", "Quốc Dũng", "Thị Hạnh", "Gia Huy", "Thị Lan", "Đức Long"]
STREETS = ["Trần Hưng Đạo", "Nguyễn Tất Thành", "Lê Hồng Phong", "Tôn Đức Thắng", "Thủ Khoa Huân"]
# The demo desks with staff: two commune centres and the provincial centre (procedures resolved by departments).
COMMUNE_DESKS = DEMO_COMMUNES[:2]
PROVINCIAL_RESOLVERS = {FINANCE, HEALTH, POLICE}
# More than half of the province's dossiers arrive online (domain.md §11).
CHANNEL_WEIGHTS = {Channel.COUNTER: 42, Channel.ONLINE: 53, Channel.POSTAL: 5}


@dataclass(frozen=True)
class Desk:
    receiving: Unit
    resolving: Unit
    version: ProcedureVersion
    consulted: Unit | None = None  # the agency asked for an opinion on some of its dossiers
    consult_share: float = 0.0


def _person(rng: random.Random) -> ApplicantData:
    born = dt.date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
    century_sex = (0 if born.year < 2000 else 2) + rng.randint(0, 1)
    identity = f"068{century_sex}{born.year % 100:02d}{rng.randint(0, 999999):06d}"
    name = f"{rng.choice(FAMILY_NAMES)} {rng.choice(GIVEN_NAMES)}"
    return ApplicantData(
        kind=ApplicantKind.PERSON,
        name=name,
        identity_number=identity,
        date_of_birth=born,
        address=f"{rng.randint(1, 200)} {rng.choice(STREETS)}, tỉnh Lâm Đồng",
        phone=f"09{rng.randint(10000000, 99999999)}",
    )


def _desks(versions: list[ProcedureVersion]) -> list[Desk]:
    """Every (receiving unit, resolving unit, published version) the demo staff can handle end to end.

    ``versions`` are the reference procedures in file order, as `import_reference_procedures` returns them.
    """
    units = {u.code: u for u in Unit.objects.all()}
    desks: list[Desk] = []
    for index, resolver in REFERENCE_RESOLVERS.items():
        version = versions[index - 1]
        if version.status != VersionStatus.PUBLISHED:
            continue
        consulted, share = REFERENCE_CONSULTATIONS.get(index, (None, 0.0))
        if resolver == "committee":
            for ward, other in zip(COMMUNE_DESKS, reversed(COMMUNE_DESKS), strict=True):
                asked = units[commune_codes(other)["committee"]] if consulted == "committee" else None
                centre, committee = units[commune_codes(ward)["centre"]], units[commune_codes(ward)["committee"]]
                desks.append(Desk(centre, committee, version, asked, share if asked else 0.0))
        elif resolver in PROVINCIAL_RESOLVERS:
            asked = units.get(consulted) if consulted else None
            desks.append(Desk(units[PROVINCIAL_CENTRE], units[resolver], version, asked, share if asked else 0.0))
    return desks


def _holder(unit: Unit, role: Role) -> User:
    return Membership.objects.filter(unit=unit, role=role).select_related("user").order_by("pk").first().user


def _act(dossier: Dossier, action: str, actor: User, at: dt.datetime, **payload: Any) -> Dossier:
    return perform(
        dossier=dossier, action=action, actor=actor, payload=payload, expected_version=dossier.lock_version, at=at
    )


def _drive(desk: Desk, rng: random.Random, received_at: dt.datetime, now: dt.datetime) -> None:
    """Receive one dossier and take it as far as its fate and ``now`` allow."""
    calendar = calendar_for(desk.resolving.code)
    components = list(published_components(desk.version))
    desk_officer = _holder(desk.receiving, Role.DESK_OFFICER)
    specialist = _holder(desk.resolving, Role.SPECIALIST)
    offered = {
        Channel.COUNTER: desk.version.channel_counter,
        Channel.ONLINE: desk.version.online_mode != OnlineMode.NONE,
        Channel.POSTAL: desk.version.channel_postal,
    }
    channels = [channel for channel, ok in offered.items() if ok]
    channel = rng.choices(channels, weights=[CHANNEL_WEIGHTS[c] for c in channels])[0]
    dossier = receive(
        actor=desk_officer,
        data=ReceptionData(
            procedure_version_id=desk.version.pk,
            receiving_unit_id=desk.receiving.pk,
            resolving_unit_id=desk.resolving.pk,
            applicant=_person(rng),
            channel=channel,
            components=[ComponentReceipt(component_id=c.pk, digitised=True) for c in components if c.required],
        ),
        at=received_at,
    )
    limit = max(calendar.working_minutes_between(received_at, dossier.due_at), 60)
    fate = rng.choices(["early", "on_time", "late", "supplement", "open"], weights=[30, 35, 8, 12, 15])[0]
    share = {"early": 0.45, "on_time": 0.9, "late": 1.4, "supplement": 0.7, "open": 0.5}[fate]

    def moment(fraction: float) -> dt.datetime:
        return calendar.add_working(received_at, max(1, int(limit * fraction)))

    steps: list[tuple[float, str, User, dict[str, Any]]] = [(0.05, "forward", desk_officer, {"note": "Chuyển xử lý"})]
    if fate == "supplement":
        steps.append(
            (0.2, "request_supplement", specialist, {"component_ids": [components[-1].pk], "reason": "Thiếu giấy tờ"})
        )
    for fraction, action, actor, payload in steps:
        at = moment(fraction)
        if at > now:
            return
        dossier = _act(dossier, action, actor, at, **payload)
    if fate == "supplement":
        supplied = moment(0.2) + dt.timedelta(days=rng.randint(1, 4))
        if supplied > now or rng.random() < 0.3:
            return  # still waiting for the applicant
        dossier = _act(
            dossier,
            "receive_supplement",
            desk_officer,
            supplied,
            components=[{"component_id": components[-1].pk, "digitised": True}],
        )
        received_at = supplied  # the rest of the schedule counts from the supplement
        limit = max(calendar.working_minutes_between(supplied, dossier.due_at), 60)
    if desk.consulted is not None and rng.random() < desk.consult_share:
        dossier = _consult(dossier, desk, specialist, moment(0.3), rng, now)
        if dossier is None:
            return  # the consulted agency has not answered yet
    later = _rest_of_route(dossier, desk, share)
    if fate == "open":
        later = later[: rng.randint(0, len(later) - 2)]
    for fraction, action, actor, payload in later:
        at = max(moment(fraction), dossier.events.order_by("-seq").values_list("at", flat=True).first())
        if at > now:
            return
        dossier = _act(dossier, action, actor, at, **payload)


def _rest_of_route(dossier: Dossier, desk: Desk, share: float) -> list[tuple[float, str, User, dict[str, Any]]]:
    """The actions from the examining step to the return along the dossier's own process, spread between 60 % and
    100 % of ``share`` of the time limit: each later step's holder hands on, the approval step's leader attaches the
    result and approves, the desk returns it."""
    steps = list(dossier.process.steps.order_by("order"))
    actions: list[tuple[str, User, dict[str, Any]]] = []
    for step in steps[steps.index(dossier.current_step) :]:
        holder = _holder(unit_for_step(dossier, step), step.role)
        if step.kind == StepKind.APPROVAL:
            actions += [
                ("attach_result", holder, {"name": desk.version.result_document[:200] or "Kết quả"}),
                ("approve", holder, {}),
            ]
        elif step.kind == StepKind.RETURN:
            payload = {"method": ReturnMethod.AT_COUNTER, "recipient": "Người nộp hồ sơ"}
            actions.append(("return_result", holder, payload))
        else:
            actions.append(("forward", holder, {"note": "Chuyển bước tiếp theo"}))
    last = len(actions) - 1
    return [
        (share * (0.6 + 0.4 * number / last), action, actor, payload)
        for number, (action, actor, payload) in enumerate(actions)
    ]


def _consult(
    dossier: Dossier, desk: Desk, specialist: User, at: dt.datetime, rng: random.Random, now: dt.datetime
) -> Dossier | None:
    """The specialist asks the consulted agency, whose specialist answers within its deadline, or late now and
    then; None while the answer is still awaited."""
    dossier = _act(
        dossier,
        "consult",
        specialist,
        at,
        unit_ids=[desk.consulted.pk],
        question="Đề nghị cho ý kiến, xác minh thông tin của người nộp hồ sơ.",
    )
    consultation = dossier.consultations.get()
    deadline = consultation.due_at - consultation.requested_at
    answered = consultation.requested_at + deadline * (rng.uniform(1.1, 1.6) if rng.random() < 0.1 else 0.5)
    if answered > now:
        return None
    answer_consultation(
        consultation=consultation,
        actor=_holder(desk.consulted, Role.SPECIALIST),
        answer="Thông tin của người nộp hồ sơ đúng với hồ sơ lưu tại cơ quan.",
        at=answered,
    )
    return Dossier.objects.get(pk=dossier.pk)


def generate_demo_dossiers(
    versions: list[ProcedureVersion], *, count: int = 120, days: int = 100, now: dt.datetime | None = None
) -> int:
    """Receive ``count`` dossiers spread over the last ``days`` days and drive each as its fate says."""
    now = now or timezone.now()
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    desks = _desks(versions)
    province = calendar_for(None)
    start = now - dt.timedelta(days=days)
    instants = sorted(
        province.add_working(start, rng.randint(0, days * 5 * province.day_minutes // 7)) for _ in range(count)
    )
    for received_at in instants:
        if received_at < now:
            _drive(rng.choice(desks), rng, received_at, now)
    return Dossier.objects.count()
