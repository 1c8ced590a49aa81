"""Counting attempts per client or per account in a time window, for the public pages that must not be hammered.

Counts live in Django's cache: a single process needs nothing more, several processes need a shared cache (Redis or
the database cache). Keys are hashed, so neither an e-mail address nor a phone number is stored in the cache.
"""

from __future__ import annotations

import hashlib

from django import forms
from django.core.cache import cache
from django.forms.utils import ErrorDict
from django.http import HttpRequest


def attempt_allowed(scope: str, key: str, rate: tuple[int, int]) -> bool:
    """Count one attempt of ``key`` in ``scope``; False once ``rate`` (attempts, seconds) is used up in the window.

    The window opens at the first attempt and is not extended by later ones, so a refused caller can try again once
    it has passed.
    """
    limit, window = rate
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"throttle:{scope}:{digest}"
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count <= limit


def client_address(request: HttpRequest) -> str:
    """The address a throttle counts; behind a proxy, the proxy must set REMOTE_ADDR (e.g. uvicorn/gunicorn flags)."""
    return request.META.get("REMOTE_ADDR", "")


def refused_unchecked(form: forms.Form, message: object) -> forms.Form:
    """``form`` carrying ``message`` as its only error, its validation never run.

    Validating a sign-in form checks the password: a refused attempt that still did so would tell a guesser, by the
    errors shown beside the refusal, whether the password was right.
    """
    form._errors = ErrorDict()
    form.cleaned_data = {}
    form.add_error(None, message)
    return form
