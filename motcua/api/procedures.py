"""Procedures (read-only): the catalog an integration needs to receive a dossier correctly."""

import datetime as dt

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from motcua.api import selectors
from motcua.api.schemas import ErrorOut, ProcedureDetailOut, ProcedureOut
from motcua.catalog.models import Component, Fee, Procedure
from motcua.catalog.services import version_in_force
from motcua.organization.models import UnitLevel

router = Router(tags=["procedures"])


class ProcedureFiltersIn(Schema):
    q: str = Field("", description="Tìm trong mã và tên thủ tục.")
    level: UnitLevel | None = Field(None, description="Cấp thực hiện.")
    sector: str | None = Field(None, description="Mã lĩnh vực.")


class InForceOnIn(Schema):
    on: dt.date | None = Field(None, description="Ngày cần biết phiên bản có hiệu lực; mặc định hôm nay.")


ERRORS = {401: ErrorOut, 403: ErrorOut}


@router.get("/procedures", response={200: list[ProcedureOut], **ERRORS}, summary="Danh sách thủ tục")
@paginate(LimitOffsetPagination, max_limit=200)
def list_procedures(request: HttpRequest, filters: Query[ProcedureFiltersIn]):
    return selectors.procedures(search=filters.q.strip(), level=filters.level, sector=filters.sector)


@router.get(
    "/procedures/{code}",
    response={200: ProcedureDetailOut, 404: ErrorOut, **ERRORS},
    summary="Một thủ tục và phiên bản đang có hiệu lực",
)
def get_procedure(request: HttpRequest, code: str, when: Query[InForceOnIn]):
    procedure = Procedure.objects.select_related("sector").filter(code=code).first()
    if procedure is None:
        raise Http404(_("Không tìm thấy thủ tục."))
    version = version_in_force(procedure, when.on or timezone.localdate())
    if version is not None:
        prefetch_related_objects(
            [version], Prefetch("components", Component.objects.order_by("order")), Prefetch("fees", Fee.objects.all())
        )
    procedure.version_in_force = version  # type: ignore[attr-defined]  # read by ProcedureDetailOut
    return procedure
