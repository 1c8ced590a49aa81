"""Citizen accounts: sign-up verified by a one-time code sent to an e-mail address or phone number.

The account is created inactive with its ``Citizen`` profile and becomes active when the code is entered. Codes are
six digits, stored only as a keyed hash (HMAC with the project's secret, keyed per citizen), expire after
``MOTCUA_PORTAL_CODE_MINUTES`` (default 10) and allow ``MOTCUA_PORTAL_CODE_ATTEMPTS`` tries (default 5).
Sign-up, sign-in and sending a new code are rate-limited per client address and per account (``attempt_allowed``).
A citizen account never holds a staff role: staff pages ask for a role and portal pages for the profile.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hmac
import re
import secrets

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.validators import validate_identity_number
from motcua.lib.throttle import attempt_allowed
from motcua.organization.models import Membership, User
from motcua.portal.models import Citizen, CodePurpose, VerificationCode
from motcua.portal.services.messaging import send_code

CODE_MINUTES: int = getattr(settings, "MOTCUA_PORTAL_CODE_MINUTES", 10)
CODE_ATTEMPTS: int = getattr(settings, "MOTCUA_PORTAL_CODE_ATTEMPTS", 5)
_PHONE = re.compile(r"^0\d{9}$")


def normalise_contact(contact: str) -> str:
    """An e-mail address in lower case, or a Vietnamese mobile number as 0xxxxxxxxx (``+84`` and spaces removed)."""
    text = contact.strip()
    if "@" in text:
        return text.lower()
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def validate_contact(contact: str) -> None:
    if "@" in contact:
        try:
            validate_email(contact)
        except ValidationError as error:
            raise ValidationError({"contact": error.messages}, code="contact") from error
        return
    if not _PHONE.match(contact):
        raise ValidationError(
            {"contact": _("Nhập địa chỉ thư điện tử hoặc số điện thoại di động 10 chữ số.")}, code="contact"
        )


class AccountAction(enum.StrEnum):
    """What a citizen's account request is, each throttled on its own (a sign-in spree does not block a sign-up)."""

    SIGN_UP = "sign_up"
    SIGN_IN = "sign_in"
    RESEND_CODE = "resend_code"


def account_attempt_allowed(action: AccountAction, *, client: str, account: str) -> bool:
    """Count one ``action`` from the client address and for the account; False when either is over its allowance.

    Per address (``MOTCUA_PORTAL_CLIENT_RATE``, default 20 per 15 minutes) stops one caller trying many accounts;
    per account — the e-mail address or phone number — (``MOTCUA_PORTAL_ACCOUNT_RATE``, default 5 per 15 minutes)
    stops many callers guessing one password or flooding one inbox with codes. The address allowance is the wider
    one because a service centre's kiosks, or a family's phones, share one address. Both are counted every time.
    """
    by_client = attempt_allowed(
        f"portal:{action}:client", client, getattr(settings, "MOTCUA_PORTAL_CLIENT_RATE", (20, 900))
    )
    by_account = attempt_allowed(
        f"portal:{action}:account",
        normalise_contact(account),
        getattr(settings, "MOTCUA_PORTAL_ACCOUNT_RATE", (5, 900)),
    )
    return by_client and by_account


@dataclasses.dataclass
class SignUpData:
    full_name: str
    identity_number: str
    date_of_birth: dt.date
    contact: str
    password: str


def _code_hash(code: str, citizen_id: int) -> str:
    return salted_hmac(f"motcua.portal.code.{citizen_id}", code).hexdigest()


def issue_code(citizen: Citizen, *, purpose: CodePurpose = CodePurpose.SIGN_UP, at: dt.datetime | None = None) -> None:
    """A fresh code for ``citizen``'s contact (earlier unused ones stop working), sent to that contact."""
    at = at or timezone.now()
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        VerificationCode.objects.filter(citizen=citizen, purpose=purpose, used_at__isnull=True).update(used_at=at)
        VerificationCode.objects.create(
            citizen=citizen,
            purpose=purpose,
            contact=citizen.contact,
            code_hash=_code_hash(code, citizen.pk),
            created_at=at,
            expires_at=at + dt.timedelta(minutes=CODE_MINUTES),
        )
    send_code(
        contact=citizen.contact,
        subject=str(_("Mã xác thực tài khoản dịch vụ công")),
        text=str(
            _("Mã xác thực của bạn là %(code)s, có hiệu lực trong %(minutes)s phút. Không chia sẻ mã này với ai.")
            % {"code": code, "minutes": CODE_MINUTES}
        ),
    )


def sign_up(data: SignUpData, *, at: dt.datetime | None = None) -> Citizen:
    """Create an inactive account and profile and send the code; an unverified earlier attempt is replaced."""
    contact = normalise_contact(data.contact)
    validate_contact(contact)
    name = " ".join(data.full_name.split())
    if not name:
        raise ValidationError({"full_name": _("Cần nhập họ và tên.")})
    try:
        validate_identity_number(data.identity_number, data.date_of_birth)
    except ValidationError as error:
        raise ValidationError({"identity_number": error.messages}) from error
    with transaction.atomic():
        taken = (
            Citizen.objects.select_for_update()
            .filter(verified_at__isnull=False)
            .filter(identity_number=data.identity_number)
            .exists()
        )
        if taken:
            raise ValidationError(
                {"identity_number": _("Số định danh này đã có tài khoản; hãy đăng nhập hoặc liên hệ bộ phận một cửa.")}
            )
        user = User.objects.filter(username=contact).first()
        if user is not None and (user.is_active or Membership.objects.filter(user=user).exists()):
            raise ValidationError({"contact": _("Thư điện tử hoặc số điện thoại này đã được dùng cho tài khoản khác.")})
        Citizen.objects.filter(identity_number=data.identity_number, verified_at__isnull=True).exclude(
            user=user
        ).delete()
        if user is None:
            user = User(username=contact)
        user.first_name, user.last_name = name[:150], ""
        user.is_active = False
        user.email = contact if "@" in contact else ""
        user.phone = "" if "@" in contact else contact
        user.password = make_password(data.password)
        user.save()
        citizen, _created = Citizen.objects.update_or_create(
            user=user,
            defaults={
                "full_name": name,
                "identity_number": data.identity_number,
                "date_of_birth": data.date_of_birth,
                "email": user.email,
                "phone": user.phone,
            },
        )
    issue_code(citizen, at=at)
    return citizen


def _code_error(message: object, code: str) -> ValidationError:
    return ValidationError({"code": ValidationError(message, code=code)})


def verify_code(citizen: Citizen, code: str, *, at: dt.datetime | None = None) -> None:
    """Activate the account when ``code`` is the latest unused, unexpired one; each wrong try is counted."""
    at = at or timezone.now()
    with transaction.atomic():
        row = (
            VerificationCode.objects.select_for_update()
            .filter(citizen=citizen, purpose=CodePurpose.SIGN_UP, used_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if row is None or row.expires_at <= at:
            raise _code_error(_("Mã xác thực đã hết hạn; hãy yêu cầu gửi mã mới."), "expired")
        if row.attempts >= CODE_ATTEMPTS:
            raise _code_error(_("Đã nhập sai quá số lần cho phép; hãy yêu cầu gửi mã mới."), "too_many_attempts")
        if not hmac.compare_digest(row.code_hash, _code_hash(code.strip(), citizen.pk)):
            VerificationCode.objects.filter(pk=row.pk).update(attempts=row.attempts + 1)
            wrong = _code_error(_("Mã xác thực không đúng."), "wrong_code")
        else:
            wrong = None
            row.used_at = at
            row.save(update_fields=["used_at"])
            citizen.verified_at = at
            citizen.save(update_fields=["verified_at"])
            User.objects.filter(pk=citizen.user_id).update(is_active=True)
    if wrong is not None:  # raised after the block so that the counted attempt is committed
        raise wrong


def update_profile(citizen: Citizen, *, address: str) -> Citizen:
    """The contact address is the only field a citizen edits: name and identity are what they signed up with."""
    citizen.address = address.strip()[:500]
    citizen.save(update_fields=["address"])
    return citizen


def citizen_of(user: object) -> Citizen | None:
    """The verified citizen profile of a signed-in account, else None (staff, anonymous, unverified)."""
    if not getattr(user, "is_authenticated", False):
        return None
    citizen = getattr(user, "citizen", None)  # the reverse accessor raises AttributeError when there is none
    return citizen if citizen is not None and citizen.verified_at is not None else None
