"""Account forms bound to motcua's user model (Django's own are bound to ``auth.User``)."""

from __future__ import annotations

from django.contrib.auth import forms as auth_forms

from motcua.organization.models import User


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta(auth_forms.AdminUserCreationForm.Meta):
        model = User
        fields = ("username",)


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta(auth_forms.UserChangeForm.Meta):
        model = User
