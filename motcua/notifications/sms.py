"""SMS backends: the delivery code only knows ``SmsBackend``; the setting ``MOTCUA_SMS_BACKEND`` picks one.

The console backend (the default) writes each message to the log and, when ``MOTCUA_SMS_FILE`` is set, appends it to
that file, so development and demos need no gateway. ``HttpGatewaySmsBackend`` posts JSON to a provider's gateway;
tests/test_sms_contract.py holds both backends to the same contract.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

IDEMPOTENCY_HEADER = "Idempotency-Key"


class SmsError(Exception):
    """The message was not accepted. ``permanent`` failures (a refused number or text) are not retried."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class SmsBackend(Protocol):
    def send(self, *, to: str, text: str, reference: str) -> str:
        """Hand one message over for delivery and return the provider's message id, or raise ``SmsError``.

        ``reference`` is ours (the notification's id) and the same reference twice must be one message for the
        provider, so a retry after a lost answer does not text the person twice.
        """


class ConsoleSmsBackend:
    """Writes messages to the log (and optionally a file) instead of sending them."""

    def __init__(self, path: str | Path | None = None) -> None:
        configured = getattr(settings, "MOTCUA_SMS_FILE", "") if path is None else path
        self.path = Path(configured) if configured else None

    def send(self, *, to: str, text: str, reference: str) -> str:
        if not to:
            raise SmsError("no phone number", permanent=True)
        logger.info("SMS %s to %s: %s", reference, to, text)
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            line = json.dumps(
                {"at": timezone.now().isoformat(), "to": to, "text": text, "reference": reference}, ensure_ascii=False
            )
            with self.path.open("a", encoding="utf-8") as file:
                file.write(line + "\n")
        return f"console-{reference}"


class HttpGatewaySmsBackend:
    """Posts ``{"to", "text", "reference", "sender"}`` as JSON with a bearer token; expects ``{"id": ...}`` back.

    Error mapping: 429 and 5xx, timeouts and connection errors are transient (retried later); any other 4xx means the
    gateway refused this message (bad number, bad token, text rejected) and retrying would get the same answer.
    """

    def __init__(
        self, url: str = "", *, token: str | None = None, timeout: float | None = None, sender: str = ""
    ) -> None:
        self.url = url or getattr(settings, "MOTCUA_SMS_GATEWAY_URL", "")
        if not self.url.startswith(("https://", "http://")):
            raise ValueError(f"MOTCUA_SMS_GATEWAY_URL must be an http(s) URL, not {self.url!r}")
        self.token = getattr(settings, "MOTCUA_SMS_GATEWAY_TOKEN", "") if token is None else token
        self.timeout = getattr(settings, "MOTCUA_SMS_GATEWAY_TIMEOUT", 10) if timeout is None else timeout
        self.sender = sender or getattr(settings, "MOTCUA_SMS_SENDER", "")

    def send(self, *, to: str, text: str, reference: str) -> str:
        if not to:
            raise SmsError("no phone number", permanent=True)
        headers = {"Content-Type": "application/json; charset=utf-8", IDEMPOTENCY_HEADER: reference}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        payload = {"to": to, "text": text, "reference": reference, "sender": self.sender}
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.url, data=data, headers=headers, method="POST")  # noqa: S310 (checked)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (checked)
                answer = response.read(2000)
        except urllib.error.HTTPError as error:
            detail = error.read(500).decode("utf-8", "replace").strip()
            transient = error.code == 429 or error.code >= 500
            raise SmsError(f"HTTP {error.code}: {detail}".strip(), permanent=not transient) from error
        except TimeoutError as error:
            raise SmsError(f"timeout after {self.timeout} s") from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise SmsError(f"timeout after {self.timeout} s") from error
            raise SmsError(f"URLError: {error.reason}") from error
        except OSError as error:
            raise SmsError(f"{type(error).__name__}: {error}") from error
        try:
            return str(json.loads(answer)["id"])
        except (ValueError, KeyError, TypeError) as error:
            raise SmsError(f"unreadable gateway answer: {answer[:200]!r}") from error


def get_sms_backend() -> SmsBackend:
    """The backend named by ``MOTCUA_SMS_BACKEND`` (a dotted path), built from settings."""
    path = getattr(settings, "MOTCUA_SMS_BACKEND", "motcua.notifications.sms.ConsoleSmsBackend")
    return import_string(path)()
