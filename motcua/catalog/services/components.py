"""The offered-components rule: officials may ask only for what the version a dossier is under has published.

Decree 63/2010 Art. 18 and Decrees 61/118 forbid asking for any paper not in the published list; reception and
supplementation offer only these components, and anything else is refused here rather than in each form.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Component, ProcedureVersion, VersionStatus


def published_components(version: ProcedureVersion) -> QuerySet[Component]:
    """The components that may be asked for under ``version``; a draft offers none.

    Retired versions still offer theirs: the dossiers received under them are processed to the end by them.
    """
    if version.status == VersionStatus.DRAFT:
        return Component.objects.none()
    return Component.objects.filter(version=version).order_by("order")


def validate_requested_components(
    version: ProcedureVersion, component_ids: Iterable[int], *, published: Iterable[Component] | None = None
) -> list[Component]:
    """The requested components in published order; refuses any that ``version`` has not published.

    ``published``: the version's published components when the caller already holds them (the dossier core keeps
    them in memory), instead of a query.
    """
    requested = {int(pk) for pk in component_ids}
    if published is None:
        offered = list(published_components(version).filter(pk__in=requested))
    else:
        offered = [component for component in published if component.pk in requested]
    missing = requested - {component.pk for component in offered}
    if missing:
        raise ValidationError(
            _(
                "Không được yêu cầu giấy tờ ngoài danh mục thành phần hồ sơ đã công bố của %(version)s "
                "(mã không hợp lệ: %(ids)s)."
            )
            % {"version": version, "ids": ", ".join(str(pk) for pk in sorted(missing))},
            code="unpublished_component",
        )
    return offered
