"""The desk's population-database look-up at the counter is recorded, joins the dossier's record on reception, and
is what lets the paper of a component the database holds be taken or asked for."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.dossiers.models import DigitisationExemption, Dossier, ReceptionNotice
from motcua.portal.models import DataReuse, LookupOutcome
from motcua.portal.population import LookupResult
from motcua.portal.services.desk_lookup import lookups_of, record_desk_lookup
from motcua.portal.tests.factories import AN
from motcua.portal.tests.helpers import received_online

LOOKUP_URL = reverse("portal:population-check")
FOUND = {"identity_number": AN["identity_number"], "name": AN["name"], "date_of_birth": "1990-05-17"}
WRONG_NAME = {**FOUND, "name": "Nguyễn Văn Ân"}


def reception_post(personas, version, outcome: str = "receive", *, identity=AN, with_identity_paper=True, **extra):
    data = {
        "procedure_version": version.pk,
        "receiving_unit": personas.commune.pk,
        "resolving_unit": personas.commune.pk,
        "channel": "counter",
        "applicant_kind": "person",
        "name": identity["name"],
        "identity_number": identity["identity_number"],
        "date_of_birth": identity["birth_date"].isoformat(),
        "outcome": outcome,
    }
    for component in version.components.all():
        data.update(
            {
                f"c{component.pk}_form": component.form,
                f"c{component.pk}_copies": 1,
                f"c{component.pk}_exemption": DigitisationExemption.PRESENTED_ONLY,
            }
        )
        if component.order != 2 or with_identity_paper:
            data[f"c{component.pk}_received"] = "on"
    data.update(extra)
    return data


def test_every_desk_lookup_is_recorded_with_the_officer_the_number_and_the_answer(client, personas):
    client.force_login(personas.desk_officer)
    found = client.post(LOOKUP_URL, FOUND)
    wrong = client.post(LOOKUP_URL, WRONG_NAME)
    assert "đã xác thực" in found.content.decode() and "Trần Hưng Đạo" in found.content.decode()
    assert "không khớp" in wrong.content.decode()
    rows = list(DataReuse.objects.order_by("id"))
    assert [(r.looked_up_by, r.identity_number, r.outcome) for r in rows] == [
        (personas.desk_officer, AN["identity_number"], LookupOutcome.VERIFIED),
        (personas.desk_officer, AN["identity_number"], LookupOutcome.MISMATCH),
    ]
    assert rows[0].verified_name == AN["name"] and rows[0].submission is None and rows[0].dossier is None
    assert f'name="population_lookup" value="{rows[1].pk}"' in wrong.content.decode()


def test_a_registry_that_fails_is_recorded_with_its_reason(personas, monkeypatch):
    def broken(**kwargs):
        return LookupResult(LookupOutcome.UNAVAILABLE, detail="timeout after 10 s")

    monkeypatch.setattr("motcua.portal.services.desk_lookup.lookup_person", broken)
    lookup = record_desk_lookup(
        actor=personas.desk_officer, identity_number=AN["identity_number"], name=AN["name"], birth_date=AN["birth_date"]
    )
    assert (lookup.outcome, lookup.detail) == (LookupOutcome.UNAVAILABLE, "timeout after 10 s")


def test_the_lookup_records_so_it_is_a_post_for_desk_officers_only(client, personas):
    client.force_login(personas.desk_officer)
    assert client.get(LOOKUP_URL, FOUND).status_code == 405
    client.force_login(personas.specialist)
    assert client.post(LOOKUP_URL, FOUND).status_code == 403
    assert not DataReuse.objects.exists()


def test_an_incomplete_lookup_form_records_nothing(client, personas):
    client.force_login(personas.desk_officer)
    response = client.post(LOOKUP_URL, {**FOUND, "date_of_birth": "2026-02-31"})
    assert response.status_code == 200 and not DataReuse.objects.exists()


def test_receiving_with_a_lookup_makes_it_part_of_the_dossiers_record(client, personas, version):
    client.force_login(personas.desk_officer)
    client.post(LOOKUP_URL, FOUND)
    lookup = DataReuse.objects.get()
    data = reception_post(personas, version, with_identity_paper=False, population_lookup=lookup.pk)
    response = client.post(reverse("dossiers:reception"), data)
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    lookup.refresh_from_db()
    assert lookup.dossier == dossier
    identity = dossier.components.get(component__order=2)
    assert identity.digitisation_exemption == DigitisationExemption.AGENCY_REPLY and not identity.file
    assert "Khai thác từ Cơ sở dữ liệu quốc gia về dân cư" in dossier.events.get(seq=1).reason
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "Tra cứu Cơ sở dữ liệu quốc gia về dân cư" in page and AN["identity_number"] in page


def test_the_paper_of_a_population_component_needs_a_recorded_failed_lookup_first(client, personas, version):
    client.force_login(personas.desk_officer)
    refused = client.post(reverse("dossiers:reception"), reception_post(personas, version))
    assert refused.status_code == 422 and "hãy tra cứu người nộp trước" in refused.content.decode()
    assert not Dossier.objects.exists()
    client.post(LOOKUP_URL, WRONG_NAME)
    failed = DataReuse.objects.get()
    received = client.post(
        reverse("dossiers:reception"), reception_post(personas, version, population_lookup=failed.pk)
    )
    assert received.status_code == 302
    failed.refresh_from_db()
    dossier = Dossier.objects.get()
    assert failed.dossier == dossier
    assert "không được: Họ tên hoặc ngày sinh không khớp" in dossier.events.get(seq=1).reason


def test_after_a_verified_lookup_the_paper_is_never_asked_for(client, personas, version):
    client.force_login(personas.desk_officer)
    client.post(LOOKUP_URL, FOUND)
    verified = DataReuse.objects.get()
    identity = version.components.get(order=2)
    data = reception_post(
        personas,
        version,
        "guidance",
        population_lookup=verified.pk,
        reason="Thiếu căn cước",
        **{f"c{identity.pk}_missing": "on"},
    )
    response = client.post(reverse("dossiers:reception"), data)
    assert response.status_code == 422 and "không yêu cầu bản giấy" in response.content.decode()
    assert not ReceptionNotice.objects.exists()


@pytest.mark.parametrize("whose", ["another officer", "another person", "already used"])
def test_only_the_officers_own_unused_lookup_of_this_applicant_counts(client, personas, citizen, version, whose):
    client.force_login(personas.desk_officer)
    client.post(LOOKUP_URL, WRONG_NAME)
    failed = DataReuse.objects.get()
    if whose == "another officer":
        DataReuse.objects.filter(pk=failed.pk).update(looked_up_by=personas.specialist)
    elif whose == "another person":
        DataReuse.objects.filter(pk=failed.pk).update(identity_number="060185004321")
    else:
        DataReuse.objects.filter(pk=failed.pk).update(dossier=received_online(personas, citizen, version))
    response = client.post(
        reverse("dossiers:reception"), reception_post(personas, version, population_lookup=failed.pk)
    )
    assert response.status_code == 422


def test_the_dossier_page_lists_the_citizens_lookups_of_an_online_dossier(client, personas, citizen, version):
    dossier = received_online(personas, citizen, version)
    assert [lookup.outcome for lookup in lookups_of(dossier)] == [LookupOutcome.VERIFIED]
    client.force_login(personas.desk_officer)
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "Cổng dịch vụ công (người nộp)" in page


def test_a_lookup_after_a_refused_reception_survives_the_redisplayed_form(client, personas, version):
    client.force_login(personas.desk_officer)
    client.post(LOOKUP_URL, WRONG_NAME)
    failed = DataReuse.objects.get()
    data = reception_post(personas, version, population_lookup=failed.pk)
    del data["name"]
    response = client.post(reverse("dossiers:reception"), data)
    assert response.status_code == 422
    assert f'name="population_lookup" value="{failed.pk}"' in response.content.decode()
