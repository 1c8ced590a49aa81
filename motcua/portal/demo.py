"""The demo citizen: a verified portal account for a person of the local population registry.

Called by the demo loader (``motcua.demo.services.load_demo``); the password is the demo password.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from motcua.organization.models import User
from motcua.portal.models import Citizen

DEMO_CITIZEN = {
    "username": "an.nguyen@example.vn",
    "full_name": "Nguyễn Văn An",
    "identity_number": "068090001234",
    "date_of_birth": dt.date(1990, 5, 17),
    "address": "12 Trần Hưng Đạo, phường Phan Thiết, tỉnh Lâm Đồng",
}


def load_demo_citizen(password: str) -> Citizen:
    """Create the demo citizen when missing; running it again changes nothing."""
    existing = Citizen.objects.filter(identity_number=DEMO_CITIZEN["identity_number"]).first()
    if existing is not None:
        return existing
    user = User.objects.create(
        username=DEMO_CITIZEN["username"],
        email=DEMO_CITIZEN["username"],
        first_name=DEMO_CITIZEN["full_name"],
        password=make_password(password),
    )
    return Citizen.objects.create(
        user=user,
        full_name=DEMO_CITIZEN["full_name"],
        identity_number=DEMO_CITIZEN["identity_number"],
        date_of_birth=DEMO_CITIZEN["date_of_birth"],
        email=DEMO_CITIZEN["username"],
        address=DEMO_CITIZEN["address"],
        verified_at=timezone.now(),
    )
