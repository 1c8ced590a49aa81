"""How outbox messages reach the national portal: an adapter interface and its HTTP implementation.

The worker only knows ``Sender``; tests run the HTTP sender against a local fake endpoint (tests/fake_portal.py), and
a contract test holds both to the same behaviour.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Protocol

from django.conf import settings

IDEMPOTENCY_HEADER = "Idempotency-Key"


class SendError(Exception):
    """The portal did not accept the message; the text is what the monitor page shows."""


class Sender(Protocol):
    def send(self, body: dict[str, Any], *, idempotency_key: str) -> None:
        """Deliver one message or raise ``SendError``; the same key twice must be one message for the receiver."""


class HttpSender:
    """POSTs the message as JSON, with the idempotency key as a header and an optional bearer token."""

    def __init__(self, url: str, *, token: str = "", timeout: float = 10.0) -> None:
        if not url.startswith(("https://", "http://")):
            raise ValueError(f"MOTCUA_NATIONAL_PORTAL_URL must be an http(s) URL, not {url!r}")
        self.url = url
        self.token = token
        self.timeout = timeout

    def send(self, body: dict[str, Any], *, idempotency_key: str) -> None:
        headers = {"Content-Type": "application/json; charset=utf-8", IDEMPOTENCY_HEADER: idempotency_key}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")
        request = urllib.request.Request(self.url, data=data, headers=headers, method="POST")  # noqa: S310 (checked)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (checked)
                response.read()
        except urllib.error.HTTPError as error:
            detail = error.read(500).decode("utf-8", "replace")
            raise SendError(f"HTTP {error.code}: {detail}".strip()) from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SendError(f"{type(error).__name__}: {error}") from error


def configured_sender() -> HttpSender | None:
    """The sender for ``MOTCUA_NATIONAL_PORTAL_URL``, or None when no endpoint is configured."""
    url = getattr(settings, "MOTCUA_NATIONAL_PORTAL_URL", "")
    if not url:
        return None
    return HttpSender(
        url,
        token=getattr(settings, "MOTCUA_NATIONAL_PORTAL_TOKEN", ""),
        timeout=getattr(settings, "MOTCUA_NATIONAL_PORTAL_TIMEOUT", 10),
    )
