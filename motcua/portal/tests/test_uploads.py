"""Uploads are recognised by their first bytes, not their name or declared type, and kept within the size limit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from motcua.portal.services import submissions
from motcua.portal.services.uploads import checked_upload, sniff
from motcua.portal.tests.factories import EXE, JPEG, PDF, PNG, upload


@pytest.mark.parametrize(
    ("content", "expected"),
    [(PDF, ("application/pdf", ".pdf")), (PNG, ("image/png", ".png")), (JPEG, ("image/jpeg", ".jpg"))],
)
def test_pdf_png_and_jpeg_are_recognised_by_their_first_bytes(content, expected):
    assert sniff(content) == expected


def test_a_file_named_pdf_holding_png_bytes_is_stored_as_the_png_it_is(personas, citizen, version):
    draft = submissions.start(citizen=citizen, version=version, receiving_unit=personas.commune)
    row = submissions.upload(
        draft, component_id=version.components.get(order=1).pk, file=upload(PNG, "to-khai.pdf", "application/pdf")
    )
    assert row.content_type == "image/png"
    assert row.file.name.endswith(".png")
    assert row.original_name == "to-khai.pdf"


def test_an_executable_renamed_pdf_is_refused(personas, citizen, version):
    draft = submissions.start(citizen=citizen, version=version, receiving_unit=personas.commune)
    with pytest.raises(ValidationError) as error:
        submissions.upload(
            draft, component_id=version.components.get(order=1).pk, file=upload(EXE, "to-khai.pdf", "application/pdf")
        )
    assert error.value.code == "file_type"
    assert not draft.files.exists()


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.MOTCUA_PORTAL_UPLOAD_MAX_BYTES = 16
    with pytest.raises(ValidationError) as error:
        checked_upload(upload(PDF + b"x" * 32))
    assert error.value.code == "too_large"


def test_the_stored_name_is_random_and_outside_any_served_path(personas, citizen, version, settings):
    draft = submissions.start(citizen=citizen, version=version, receiving_unit=personas.commune)
    row = submissions.upload(
        draft, component_id=version.components.get(order=1).pk, file=upload(PDF, "../../etc/passwd.pdf")
    )
    assert row.file.name.startswith("portal/")
    assert "passwd" not in row.file.name
    assert str(settings.MEDIA_ROOT) in row.file.path


def test_uploading_again_replaces_the_components_file(personas, citizen, version):
    draft = submissions.start(citizen=citizen, version=version, receiving_unit=personas.commune)
    component = version.components.get(order=1)
    first = submissions.upload(draft, component_id=component.pk, file=upload(PDF))
    second = submissions.upload(draft, component_id=component.pk, file=upload(JPEG, "anh.jpg", "image/jpeg"))
    assert list(draft.files.all()) == [second]
    assert not first.file.storage.exists(first.file.name)
