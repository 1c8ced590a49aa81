"""Online payment gateways behind one interface, and the local fake gateway used in development and tests.

A gateway turns a pending payment into a URL the payer is sent to, and later proves, with an HMAC over the callback
parameters, that the payment went through. A real gateway (a bank, the national payment platform) implements the
same two methods; the contract test in ``tests/test_gateways.py`` states what the services rely on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
from collections.abc import Mapping
from typing import Protocol
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from motcua.payments.models import Payment


class CallbackRejected(Exception):
    """The callback is not the gateway's word: bad or missing signature, or malformed fields."""


@dataclasses.dataclass(frozen=True)
class CallbackData:
    reference: str
    amount_vnd: int
    success: bool
    transaction_id: str


class PaymentGateway(Protocol):
    name: str

    def payment_url(self, payment: Payment, *, return_url: str) -> str:
        """Where to send the payer for ``payment``."""

    def parse_callback(self, params: Mapping[str, str]) -> CallbackData:
        """The verified content of a callback, or ``CallbackRejected``."""


class FakeGateway:
    """Signs and checks callbacks exactly as a real gateway would, without any bank behind it."""

    name = "fake"
    FIELDS = ("reference", "amount", "status", "transaction")

    def __init__(self, secret: str, base_url: str) -> None:
        if not secret:
            raise ImproperlyConfigured("MOTCUA_PAYMENT_SECRET must be set for the payment gateway.")
        self.secret = secret.encode()
        self.base_url = base_url

    def signature(self, params: Mapping[str, str]) -> str:
        message = "&".join(f"{field}={params.get(field, '')}" for field in self.FIELDS)
        return hmac.new(self.secret, message.encode(), hashlib.sha256).hexdigest()

    def payment_url(self, payment: Payment, *, return_url: str) -> str:
        query = urlencode({"reference": payment.reference, "amount": payment.amount_vnd, "return_url": return_url})
        return f"{self.base_url}?{query}"

    def callback_params(self, reference: str, amount_vnd: int, *, success: bool, transaction_id: str) -> dict[str, str]:
        """What the gateway sends back after the payer paid (or gave up): the fields and their signature."""
        params = {
            "reference": reference,
            "amount": str(amount_vnd),
            "status": "00" if success else "99",
            "transaction": transaction_id,
        }
        return {**params, "signature": self.signature(params)}

    def parse_callback(self, params: Mapping[str, str]) -> CallbackData:
        given = params.get("signature", "")
        if not hmac.compare_digest(given.encode(), self.signature(params).encode()):
            raise CallbackRejected("bad signature")
        try:
            amount = int(params["amount"])
        except (KeyError, ValueError) as error:
            raise CallbackRejected("bad amount") from error
        return CallbackData(
            reference=params.get("reference", ""),
            amount_vnd=amount,
            success=params.get("status") == "00",
            transaction_id=params.get("transaction", ""),
        )


def configured_gateway() -> PaymentGateway:
    """The gateway named by ``MOTCUA_PAYMENT_GATEWAY``."""
    name = getattr(settings, "MOTCUA_PAYMENT_GATEWAY", "fake")
    if name == FakeGateway.name:
        return FakeGateway(getattr(settings, "MOTCUA_PAYMENT_SECRET", ""), settings.MOTCUA_PAYMENT_GATEWAY_URL)
    raise ImproperlyConfigured(f"Unknown MOTCUA_PAYMENT_GATEWAY {name!r}")
