"""The public result verification page (xác thực kết quả): upload a PDF or enter a result code."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from motcua.documents.services.results import ResultVerification, verify_code, verify_uploaded

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class VerificationForm(forms.Form):
    code = forms.CharField(
        label=_("Mã kết quả"), max_length=100, required=False, help_text=_("Ví dụ: 000.00.22.H68-251006-0001-KQ(1)")
    )
    file = forms.FileField(label=_("Hoặc tải lên tệp PDF kết quả"), required=False)

    def clean_file(self) -> object:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 20 MB)."))
        return upload

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("code") and not data.get("file"):
            raise forms.ValidationError(_("Hãy nhập mã kết quả hoặc tải lên tệp PDF."))
        return data


@require_http_methods(["GET", "POST"])
def verify_result(request: HttpRequest) -> HttpResponse:
    """Anyone may check a result; the answer names the result, procedure and issuing unit, never the applicant."""
    answer: ResultVerification | None = None
    not_found = False
    if request.method == "POST" or request.GET.get("code"):
        form = VerificationForm(request.POST or request.GET, request.FILES or None)
        if form.is_valid():
            if form.cleaned_data["file"] is not None:
                answer = verify_uploaded(form.cleaned_data["file"].read())
            else:
                answer = verify_code(form.cleaned_data["code"])
                not_found = answer is None
    else:
        form = VerificationForm()
    status = 404 if not_found else 200
    return render(
        request, "documents/verify_result.html", {"form": form, "answer": answer, "not_found": not_found}, status=status
    )
