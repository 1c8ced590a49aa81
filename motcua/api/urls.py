"""Mounted at ``api/v1/`` by the root URL map."""

from django.urls import path

from motcua.api.api import api

urlpatterns = [path("", api.urls)]
