"""Electronic results: signing result PDFs with the agency's certificate (PAdES) and verifying signed PDFs.

The certificate is a PKCS#12 file named in configuration (``MOTCUA_SIGNING_P12`` and its passphrase), optionally
one per unit (``MOTCUA_SIGNING_UNIT_DIR/<unit code>.p12`` with ``<unit code>.passphrase``). The result code is
written into the signature's reason, which the signature covers, so a verified PDF says which result it is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import io
import logging
import re
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext_lazy as _
from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from motcua.dossiers.models import Result
from motcua.organization.models import Unit

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
REASON_FORMAT = "Kết quả giải quyết hồ sơ {code}"
RESULT_CODE_PATTERN = re.compile(r"(?P<dossier>[0-9A-Z.]+-\d{6}-\d{4})-KQ\(?(?P<number>\d+)\)?")


def result_file_name(result: Result) -> str:
    """``<dossier code>-KQ(n).pdf`` (domain.md §3.7)."""
    return f"{result.code}.pdf"


@functools.lru_cache(maxsize=32)
def load_signer(p12_path: str, passphrase: str) -> signers.SimpleSigner:
    """The signer in a PKCS#12 file; a wrong file or passphrase is a configuration error, said at once."""
    try:
        signer = signers.SimpleSigner.load_pkcs12(p12_path, passphrase=passphrase.encode() or None)
    except (OSError, ValueError) as error:
        raise ImproperlyConfigured(f"Cannot read the signing certificate {p12_path}: {error}") from error
    if signer is None:
        raise ImproperlyConfigured(f"Cannot read the signing certificate {p12_path}: wrong file or passphrase")
    return signer


def signer_for(unit: Unit | None) -> signers.SimpleSigner | None:
    """The unit's own certificate if it has one, else the agency's; None when no certificate is configured."""
    unit_dir = getattr(settings, "MOTCUA_SIGNING_UNIT_DIR", "")
    if unit is not None and unit_dir:
        p12 = Path(unit_dir) / f"{unit.code}.p12"
        if p12.is_file():
            passphrase_file = p12.with_suffix(".passphrase")
            passphrase = passphrase_file.read_text(encoding="utf-8").strip() if passphrase_file.is_file() else ""
            return load_signer(str(p12), passphrase)
    path = getattr(settings, "MOTCUA_SIGNING_P12", "")
    if not path:
        return None
    return load_signer(path, getattr(settings, "MOTCUA_SIGNING_P12_PASSPHRASE", ""))


def sign_result(result: Result, pdf_bytes: bytes, *, signer: signers.SimpleSigner) -> bytes:
    """The PDF with a PAdES baseline signature whose reason names ``result``; earlier signatures stay valid."""
    if not pdf_bytes.startswith(PDF_MAGIC):
        raise ValidationError(_("Tệp kết quả không phải là tệp PDF nên không ký số được."), code="not_pdf")
    metadata = signers.PdfSignatureMetadata(
        field_name=f"KetQua{result.number}",
        reason=REASON_FORMAT.format(code=result.code),
        location=result.dossier.resolving_unit.name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
        return signers.sign_pdf(writer, metadata, signer=signer).getvalue()
    except PdfError as error:
        raise ValidationError(
            _("Không đọc được tệp PDF kết quả để ký số: %(error)s") % {"error": error}, code="unreadable_pdf"
        ) from error


def trust_roots() -> list[asn1_x509.Certificate]:
    """The configured PEM roots, else the CA certificates that come with the agency's PKCS#12 file."""
    paths = getattr(settings, "MOTCUA_SIGNING_TRUST_ROOTS", [])
    if paths:
        return [cert for path in paths for cert in load_certs_from_pemder([path])]
    signer = signer_for(None)
    if signer is None:
        return []
    return [cert for cert in signer.cert_registry if cert.ca]


@dataclasses.dataclass(frozen=True)
class SignatureCheck:
    """One embedded signature as judged against the trust roots."""

    signer: str
    signed_at: dt.datetime | None
    reason: str
    intact: bool
    trusted: bool
    unmodified: bool

    @property
    def valid(self) -> bool:
        return self.intact and self.trusted and self.unmodified


@dataclasses.dataclass(frozen=True)
class PdfVerification:
    """What a PDF's signatures say; ``readable`` is False for something that is not a PDF we can parse."""

    readable: bool
    signatures: tuple[SignatureCheck, ...] = ()
    sha256: str = ""

    @property
    def valid(self) -> bool:
        return self.readable and bool(self.signatures) and all(check.valid for check in self.signatures)

    @property
    def result_code(self) -> str | None:
        """The result the (last) signature names in its reason, if any."""
        for check in reversed(self.signatures):
            match = RESULT_CODE_PATTERN.search(check.reason)
            if match:
                return f"{match['dossier']}-KQ({int(match['number'])})"
        return None


def verify_pdf(pdf_bytes: bytes) -> PdfVerification:
    """Check every signature: unbroken (intact), chained to a trust root, and nothing but signatures added after."""
    digest = hashlib.sha256(pdf_bytes).hexdigest()
    if not pdf_bytes.startswith(PDF_MAGIC):
        return PdfVerification(readable=False, sha256=digest)
    context_roots = trust_roots()
    checks = []
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        for embedded in reader.embedded_signatures:
            status = validate_pdf_signature(
                embedded, ValidationContext(trust_roots=context_roots, allow_fetching=False)
            )
            checks.append(
                SignatureCheck(
                    signer=status.signing_cert.subject.human_friendly,
                    signed_at=status.signer_reported_dt,
                    reason=str(embedded.sig_object.get("/Reason", "")),
                    intact=bool(status.intact and status.valid),
                    trusted=bool(status.trusted),
                    unmodified=bool(status.docmdp_ok),
                )
            )
    # A public upload may be anything; pyHanko signals broken input with many exception types.
    except Exception:
        logger.info("Unreadable PDF submitted for verification (sha256 %s)", digest, exc_info=True)
        return PdfVerification(readable=False, sha256=digest)
    return PdfVerification(readable=True, signatures=tuple(checks), sha256=digest)
