"""Electronic results: signed with the agency's certificate at attachment, verifiable, and cancelled but kept."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from motcua.documents.models import ResultCancellation
from motcua.documents.services.results import cancel_result, verify_code, verify_uploaded
from motcua.documents.services.signing import sign_result, signer_for, verify_pdf
from motcua.documents.tests.certificates import make_pki
from motcua.documents.tests.results import a_pdf, attach, stored
from motcua.dossiers.models import Result
from motcua.dossiers.tests.factories import MONDAY, received
from motcua.dossiers.tests.helpers import act

pytestmark = pytest.mark.usefixtures("fast_password_hashing")
HOUR = dt.timedelta(hours=1)


def test_an_attached_pdf_is_signed_and_named_by_the_result_code(personas, version, signing):
    result = attach(personas, version, a_pdf())
    # Storage keeps only [-\w.] in names, so the parentheses of KQ(1) are dropped from the stored file name.
    assert result.file.name.endswith(f"{result.dossier.code}-KQ1.pdf")
    check = verify_pdf(stored(result))
    assert check.valid
    assert check.result_code == result.code
    assert "Phan Thiết" in check.signatures[0].signer
    assert check.signatures[0].signed_at is not None


def test_a_result_is_stored_unsigned_when_no_certificate_is_configured(personas, version, settings, tmp_path):
    settings.MOTCUA_SIGNING_P12 = ""
    settings.MEDIA_ROOT = tmp_path
    pdf = a_pdf()
    result = attach(personas, version, pdf)
    assert stored(result) == pdf
    assert not verify_pdf(pdf).valid


def test_a_file_that_is_not_a_pdf_is_stored_as_uploaded(personas, version, signing):
    dossier = received(version, personas.commune, personas.desk_officer)
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)
    upload = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\nrest", content_type="image/png")
    act(dossier, "attach_result", personas.specialist, MONDAY + 2 * HOUR, name="Bản chụp", file=upload)
    result = Result.objects.get(dossier=dossier)
    assert stored(result) == b"\x89PNG\r\n\x1a\nrest"


def test_signing_refuses_bytes_that_are_not_a_pdf(personas, version, signing):
    result = attach(personas, version, a_pdf())
    with pytest.raises(ValidationError):
        sign_result(result, b"not a pdf", signer=signer_for(None))


def test_a_byte_changed_inside_the_signed_range_breaks_the_signature(personas, version, signing):
    result = attach(personas, version, a_pdf())
    signed = stored(result)
    tampered = signed.replace(b"WeasyPrint", b"WeasyPrinT", 1)
    assert tampered != signed
    check = verify_pdf(tampered)
    assert not check.valid
    assert not (check.readable and all(s.intact for s in check.signatures))


def test_content_added_after_signing_is_reported_as_a_modification(personas, version, signing):
    result = attach(personas, version, a_pdf())
    writer = IncrementalPdfFileWriter(io.BytesIO(stored(result)))
    writer.root["/Trick"] = generic.NameObject("/Added")
    writer.update_root()
    modified = io.BytesIO()
    writer.write(modified)
    check = verify_pdf(modified.getvalue())
    assert check.signatures[0].intact
    assert not check.signatures[0].unmodified
    assert not check.valid


def test_a_signature_from_an_untrusted_authority_is_not_valid(personas, version, signing, settings, tmp_path):
    result = attach(personas, version, a_pdf())
    stranger = make_pki(tmp_path / "other", root_name="Another Root")
    settings.MOTCUA_SIGNING_TRUST_ROOTS = [str(stranger.root_pem)]
    check = verify_pdf(stored(result))
    assert check.signatures[0].intact
    assert not check.signatures[0].trusted
    assert not check.valid


def test_the_configured_trust_roots_are_used_for_verification(personas, version, signing, settings):
    result = attach(personas, version, a_pdf())
    settings.MOTCUA_SIGNING_TRUST_ROOTS = [str(signing.root_pem)]
    assert verify_pdf(stored(result)).valid


def test_an_uploaded_copy_is_matched_to_its_result_and_the_stored_copy(personas, version, signing):
    result = attach(personas, version, a_pdf())
    answer = verify_uploaded(stored(result))
    assert answer.valid
    assert answer.result.code == result.code
    assert answer.result.issuing_unit == personas.commune.name
    assert answer.matches_stored_copy is True
    assert answer.result.cancelled_at is None


def test_something_that_is_not_a_pdf_is_answered_as_unreadable(db):
    answer = verify_uploaded(b"hello")
    assert answer.pdf is not None and not answer.pdf.readable
    assert not answer.valid


def test_verification_by_code_accepts_the_code_with_or_without_parentheses(personas, version, signing):
    result = attach(personas, version, a_pdf())
    assert verify_code(result.code).valid
    assert verify_code(f"{result.dossier.code}-kq1").result.code == result.code
    assert verify_code(f"{result.dossier.code}-KQ(2)") is None
    assert verify_code("không phải mã") is None


def test_a_leader_of_the_resolving_unit_cancels_a_result_which_stays_stored_and_says_so(personas, version, signing):
    result = attach(personas, version, a_pdf())
    cancel_result(result, actor=personas.unit_leader, reason="Cấp nhầm người", at=MONDAY + 3 * HOUR)
    answer = verify_code(result.code)
    assert answer.result.cancelled_at == MONDAY + 3 * HOUR
    assert answer.pdf.valid  # the signature itself is still good: the page shows the cancellation beside it
    assert Result.objects.filter(pk=result.pk).exists()


def test_cancelling_needs_a_reason_and_happens_once(personas, version, signing):
    result = attach(personas, version, a_pdf())
    with pytest.raises(ValidationError):
        cancel_result(result, actor=personas.unit_leader, reason="  ")
    cancel_result(result, actor=personas.unit_leader, reason="Cấp nhầm")
    with pytest.raises(ValidationError):
        cancel_result(result, actor=personas.unit_leader, reason="Lần nữa")
    assert ResultCancellation.objects.count() == 1


@pytest.mark.parametrize("who", ["specialist", "desk_officer", "outsider", "provincial_monitor"])
def test_only_a_leader_of_the_resolving_unit_may_cancel_a_result(personas, version, signing, who):
    result = attach(personas, version, a_pdf())
    with pytest.raises(PermissionDenied):
        cancel_result(result, actor=getattr(personas, who), reason="Cấp nhầm")


def test_a_unit_certificate_is_preferred_to_the_agency_certificate(personas, version, signing, settings, tmp_path):
    unit_pki = make_pki(tmp_path / "unit", signer_name="Đơn vị riêng")
    unit_dir = tmp_path / "units"
    unit_dir.mkdir()
    (unit_dir / f"{personas.commune.code}.p12").write_bytes(unit_pki.p12.read_bytes())
    (unit_dir / f"{personas.commune.code}.passphrase").write_text(unit_pki.passphrase)
    settings.MOTCUA_SIGNING_UNIT_DIR = str(unit_dir)
    settings.MOTCUA_SIGNING_TRUST_ROOTS = [str(unit_pki.root_pem)]
    result = attach(personas, version, a_pdf())
    check = verify_pdf(stored(result))
    assert check.valid
    assert "Đơn vị riêng" in check.signatures[0].signer
