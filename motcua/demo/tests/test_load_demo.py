import pytest
from django.core.management import call_command

from motcua.catalog.models import ProcedureVersion, ProcessStatus, VersionStatus
from motcua.demo.data import DEMO_COMMUNES, DEMO_PASSWORD, commune_codes
from motcua.dossiers.events import verify_chain
from motcua.dossiers.models import Dossier, DossierStatus, Judgement
from motcua.dossiers.services import recompute_due_at
from motcua.organization.models import Membership, Role, Unit, UnitKind, UnitLevel, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", without_dossiers=True)


def test_demo_province_has_every_commune_of_lam_dong_and_six_commune_centres(demo):
    communes = Unit.objects.filter(level=UnitLevel.COMMUNE, kind=UnitKind.PEOPLES_COMMITTEE)
    assert communes.count() == 124
    centres = Unit.objects.filter(level=UnitLevel.COMMUNE, kind=UnitKind.SERVICE_CENTRE)
    assert {c.code for c in centres} == {commune_codes(w)["centre"] for w in DEMO_COMMUNES}
    assert Unit.objects.get(code=commune_codes(22945)["committee"]).name == "Ủy ban nhân dân phường Phan Thiết"


def test_demo_has_a_user_for_every_role_who_can_sign_in(demo, client):
    held = set(Membership.objects.values_list("role", flat=True))
    assert held == set(Role.values)
    for user in User.objects.all():
        assert client.login(username=user.username, password=DEMO_PASSWORD)


def test_demo_publishes_at_least_twelve_real_procedures_each_with_an_active_process(demo):
    published = ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED)
    assert published.count() >= 12
    assert {v.procedure.level for v in published} == {UnitLevel.PROVINCE, UnitLevel.COMMUNE}
    for version in published:
        assert version.components.exists()
        assert version.processes.filter(status=ProcessStatus.ACTIVE).count() == 1


def test_loading_the_demo_twice_adds_nothing(demo):
    counts = (Unit.objects.count(), User.objects.count(), Membership.objects.count(), ProcedureVersion.objects.count())
    call_command("load_demo", without_dossiers=True)
    assert counts == (
        Unit.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        ProcedureVersion.objects.count(),
    )


def test_load_demo_if_empty_skips_a_loaded_database(demo, capsys):
    call_command("load_demo", if_empty=True)
    assert "không nạp lại" in capsys.readouterr().out


def test_demo_dossiers_come_from_events_and_cover_every_outcome(demo):
    call_command("load_demo")
    assert Dossier.objects.count() >= 80
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert {DossierStatus.RETURNED, DossierStatus.PROCESSING, DossierStatus.WAITING_SUPPLEMENT} <= statuses
    judgements = set(Dossier.objects.exclude(judgement="").values_list("judgement", flat=True))
    assert judgements == {Judgement.EARLY, Judgement.ON_TIME, Judgement.LATE}
    for dossier in Dossier.objects.all():
        assert verify_chain(dossier, dossier.events.order_by("seq")) is None
        assert recompute_due_at(dossier) == dossier.due_at
