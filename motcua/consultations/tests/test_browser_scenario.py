"""Issue 4's scenario in the browser: the specialist asks the fire police, who answer late from their queue; the
handler drafts the apology, the leader issues it, the desk returns the dossier; the history shows each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import Page, expect

from motcua.consultations.models import Consultation
from motcua.dossiers.models import Dossier, Judgement
from motcua.dossiers.tests.factories import received
from motcua.dossiers.tests.helpers import act
from motcua.dossiers.tests.test_browser_lifecycle import open_action, sign_in, submit_action

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_late_consultation_is_apologised_for_and_the_dossier_returned_in_the_browser(
    page: Page, personas, version, fire_police, fire_liaison
):
    now = timezone.now()
    dossier = act(
        received(version, personas.commune, personas.desk_officer, at=now), "forward", personas.desk_officer, now
    )
    dossier_url = f"/ho-so/{dossier.code}/"
    timeline = page.locator("table.timeline")

    sign_in(page, "specialist")
    page.goto(dossier_url)
    form = open_action(page, "consult")
    form.get_by_label("Cơ quan được lấy ý kiến").select_option(str(fire_police.pk))
    form.get_by_label("Nội dung xin ý kiến").fill("Đề nghị cho ý kiến về phương án phòng cháy, chữa cháy.")
    form.locator("button[type=submit]").click()
    expect(timeline).to_contain_text("Gửi lấy ý kiến")

    # Days pass without an answer: the deadline is behind the fire police when they reply.
    Consultation.objects.update(
        requested_at=F("requested_at") - dt.timedelta(days=7), due_at=now - dt.timedelta(hours=1)
    )
    sign_in(page, "pccc")
    page.goto("/lay-y-kien/")
    expect(page.get_by_role("heading", name="Chờ cho ý kiến")).to_be_visible()
    page.get_by_role("link", name=dossier.code).click()
    page.get_by_label("Ý kiến trả lời").fill("Phương án PCCC đạt yêu cầu.")
    page.get_by_role("button", name="Gửi ý kiến trả lời").click()
    expect(page.get_by_text("Đã gửi ý kiến trả lời.")).to_be_visible()
    assert Consultation.objects.values_list("unit", "timeliness").get() == (fire_police.pk, Judgement.LATE)

    sign_in(page, "specialist")
    page.goto(dossier_url)
    expect(timeline).to_contain_text("Nhận ý kiến trả lời")
    expect(timeline).to_contain_text(fire_police.name)
    form = open_action(page, "reschedule")
    form.get_by_label("Lý do chậm trễ").fill("Chờ ý kiến của Phòng Cảnh sát PCCC (trả lời muộn)")
    form.get_by_label("Hoặc gia hạn thêm").fill("2d")
    form.locator("button[type=submit]").click()
    expect(timeline).to_contain_text("Dự thảo văn bản xin lỗi, hẹn lại")

    sign_in(page, "leader")
    page.goto(dossier_url)
    open_action(page, "approve_reschedule").locator("button[type=submit]").click()
    expect(timeline).to_contain_text("Phát hành văn bản xin lỗi, hẹn lại ngày trả")

    dossier = Dossier.objects.get(pk=dossier.pk)
    dossier = act(dossier, "forward", personas.specialist, timezone.now())
    dossier = act(dossier, "attach_result", personas.unit_leader, timezone.now(), name="Giấy phép xây dựng")
    act(dossier, "approve", personas.unit_leader, timezone.now())
    sign_in(page, "desk")
    page.goto(dossier_url)
    submit_action(page, "return_result", "Đã trả kết quả")
    expect(timeline).to_contain_text("Trả kết quả")
