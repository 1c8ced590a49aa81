"""The SMS contract: what every backend promises the delivery code, checked against each backend.

The HTTP adapter runs against a real local server (tests/fake_gateway.py) so that the request on the wire — URL,
token, idempotency key, JSON fields — and the mapping of 200 / 4xx / 429 / 5xx / timeout are tested, not mocked.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from motcua.notifications.sms import ConsoleSmsBackend, HttpGatewaySmsBackend, SmsBackend, SmsError, get_sms_backend
from motcua.notifications.tests.fake_gateway import TIMEOUT, FakeGateway, running_fake_gateway

TEXT = "Hồ sơ 000.00.22.H68-251006-0001 đã có kết quả. Mời ông/bà đến nhận."


class SmsContract:
    """Every backend: accepts a message and names it, refuses a message without a number for good."""

    def delivered(self) -> list[dict[str, str]]:
        """The messages the backend passed on, as {to, text, reference}."""
        raise NotImplementedError

    def test_an_accepted_message_returns_the_providers_id(self, backend: SmsBackend):
        assert backend.send(to="0912345678", text=TEXT, reference="41")

    def test_the_number_text_and_reference_pass_unchanged(self, backend: SmsBackend):
        backend.send(to="0912345678", text=TEXT, reference="41")

        (message,) = self.delivered()
        assert (message["to"], message["text"], message["reference"]) == ("0912345678", TEXT, "41")

    def test_a_message_without_a_number_is_refused_for_good(self, backend: SmsBackend):
        with pytest.raises(SmsError) as refused:
            backend.send(to="", text=TEXT, reference="41")

        assert refused.value.permanent
        assert self.delivered() == []


class TestConsoleBackend(SmsContract):
    @pytest.fixture
    def backend(self, tmp_path: Path) -> ConsoleSmsBackend:
        self.path = tmp_path / "var" / "sms.jsonl"
        return ConsoleSmsBackend(path=self.path)

    def delivered(self) -> list[dict[str, str]]:
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines()]

    def test_without_a_file_the_message_goes_to_the_log_only(self, settings, caplog):
        settings.MOTCUA_SMS_FILE = ""

        with caplog.at_level("INFO", logger="motcua.notifications.sms"):
            ConsoleSmsBackend().send(to="0912345678", text=TEXT, reference="41")

        assert TEXT in caplog.text


class TestHttpGatewayBackend(SmsContract):
    @pytest.fixture
    def backend(self) -> HttpGatewaySmsBackend:
        with running_fake_gateway() as gateway:
            self.gateway = gateway
            yield HttpGatewaySmsBackend(gateway.url, token="secret-token", timeout=0.5, sender="LAMDONG")

    def delivered(self) -> list[dict[str, str]]:
        return [request.body for request in self.gateway.requests if request.body["to"]]

    def test_the_request_is_a_json_post_with_token_sender_and_idempotency_key(self, backend):
        backend.send(to="0912345678", text=TEXT, reference="41")

        (request,) = self.gateway.requests
        assert request.path == "/api/sms"
        assert request.headers["Authorization"] == "Bearer secret-token"
        assert request.headers["Idempotency-Key"] == "41"
        assert request.headers["Content-Type"] == "application/json; charset=utf-8"
        assert request.body == {"to": "0912345678", "text": TEXT, "reference": "41", "sender": "LAMDONG"}

    def test_the_gateways_message_id_is_returned(self, backend):
        assert backend.send(to="0912345678", text=TEXT, reference="41") == "gw-1"

    @pytest.mark.parametrize("status", [400, 401, 403, 422])
    def test_a_client_error_is_a_permanent_failure_carrying_the_status(self, backend, status):
        self.gateway.answer_next(status)

        with pytest.raises(SmsError) as failed:
            backend.send(to="0912345678", text=TEXT, reference="41")

        assert failed.value.permanent
        assert str(failed.value).startswith(f"HTTP {status}: ")
        assert "scripted" in str(failed.value)

    @pytest.mark.parametrize("status", [429, 500, 502, 503])
    def test_throttling_and_server_errors_are_transient(self, backend, status):
        self.gateway.answer_next(status)

        with pytest.raises(SmsError) as failed:
            backend.send(to="0912345678", text=TEXT, reference="41")

        assert not failed.value.permanent
        assert str(failed.value).startswith(f"HTTP {status}")

    def test_a_silent_gateway_is_a_transient_timeout(self, backend):
        self.gateway.answer_next(TIMEOUT)

        with pytest.raises(SmsError) as failed:
            backend.send(to="0912345678", text=TEXT, reference="41")

        assert not failed.value.permanent
        assert "timeout" in str(failed.value)

    def test_an_unreachable_gateway_is_transient(self):
        with running_fake_gateway() as gone:
            url = gone.url
        with pytest.raises(SmsError) as failed:
            HttpGatewaySmsBackend(url, token="", timeout=0.5).send(to="0912345678", text=TEXT, reference="41")

        assert not failed.value.permanent

    def test_the_token_header_is_left_out_when_no_token_is_configured(self):
        with running_fake_gateway() as gateway:
            HttpGatewaySmsBackend(gateway.url, token="", timeout=0.5).send(to="0912345678", text=TEXT, reference="7")

        assert "Authorization" not in gateway.requests[0].headers

    def test_a_gateway_url_must_be_http(self):
        with pytest.raises(ValueError, match="MOTCUA_SMS_GATEWAY_URL"):
            HttpGatewaySmsBackend("file:///etc/passwd")


def test_the_backend_is_chosen_by_setting(settings, gateway: FakeGateway):
    backend = get_sms_backend()

    assert isinstance(backend, HttpGatewaySmsBackend)
    assert (backend.url, backend.token, backend.sender) == (gateway.url, "test-token", "LAMDONG")


def test_the_console_backend_is_the_default(settings):
    settings.MOTCUA_SMS_BACKEND = "motcua.notifications.sms.ConsoleSmsBackend"

    assert isinstance(get_sms_backend(), ConsoleSmsBackend)
