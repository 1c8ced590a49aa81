"""Short-hands for the result tests: a PDF, a dossier with that PDF attached as its result, the stored bytes."""

from __future__ import annotations

import datetime as dt

import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.models import Result
from motcua.dossiers.tests.factories import MONDAY, received
from motcua.dossiers.tests.helpers import act

HOUR = dt.timedelta(hours=1)


def a_pdf(text: str = "Giấy xác nhận tình trạng hôn nhân") -> bytes:
    return weasyprint.HTML(string=f"<p>{text}</p>").write_pdf()


def attach(personas, version, pdf: bytes, name: str = "Giấy xác nhận") -> Result:
    dossier = received(version, personas.commune, personas.desk_officer)
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)
    upload = SimpleUploadedFile("ket-qua.pdf", pdf, content_type="application/pdf")
    act(dossier, "attach_result", personas.specialist, MONDAY + 2 * HOUR, name=name, file=upload)
    return Result.objects.select_related("dossier").get(dossier=dossier)


def stored(result: Result) -> bytes:
    with result.file.open("rb") as handle:
        return handle.read()
