"""Papers received at the desk, at reception or as a supplement: only published components, digitised or exempt."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Component, ComponentForm, ProcedureVersion
from motcua.catalog.services import validate_requested_components
from motcua.dossiers.models import Channel, DigitisationExemption, Dossier, DossierComponent, SupplementationRequest
from motcua.dossiers.rulesets import RuleSet
from motcua.dossiers.services.payloads import ComponentReceipt
from motcua.dossiers.services.pinned import pinned_components


def checked_components(version: ProcedureVersion, receipts: list[ComponentReceipt]) -> dict[int, Component]:
    """The published components the receipts name, refusing unknown or repeated ones."""
    if not receipts:
        raise ValidationError({"components": _("Cần ghi ít nhất một giấy tờ đã nhận.")})
    repeated = [pk for pk, count in Counter(r.component_id for r in receipts).items() if count > 1]
    if repeated:
        raise ValidationError({"components": _("Mỗi thành phần hồ sơ chỉ ghi một lần.")})
    requested = [r.component_id for r in receipts]
    return {c.pk: c for c in validate_requested_components(version, requested, published=pinned_components(version))}


def component_rows(
    *,
    dossier: Dossier,
    receipts: list[ComponentReceipt],
    components: dict[int, Component],
    rules: RuleSet,
    channel: str,
    at: dt.datetime,
    supplementation: SupplementationRequest | None = None,
) -> list[DossierComponent]:
    """Rows for the received papers; under the 2025 set each paper is digitised or names its exemption."""
    rows = []
    for receipt in receipts:
        component = components[receipt.component_id]
        form = receipt.form or component.form or ComponentForm.ORIGINAL
        if form not in ComponentForm.values:
            raise ValidationError({"components": _("Hình thức giấy tờ không hợp lệ.")})
        if receipt.copies < 1:
            raise ValidationError({"components": _("Số bản phải từ 1 trở lên.")})
        exemption = receipt.digitisation_exemption
        if exemption and exemption not in DigitisationExemption.values:
            raise ValidationError({"components": _("Lý do không số hóa không hợp lệ.")})
        if receipt.digitised and exemption:
            raise ValidationError({"components": _("Giấy tờ đã số hóa thì không ghi lý do không số hóa.")})
        if not receipt.digitised and not exemption and channel == Channel.ONLINE:
            exemption = DigitisationExemption.ONLINE_SUBMISSION
        if rules.form_set.requires_digitisation and not receipt.digitised and not exemption:
            raise ValidationError(
                {
                    "components": _(
                        "Giấy tờ “%(name)s” phải được số hóa khi tiếp nhận, hoặc ghi rõ trường hợp không số hóa "
                        "(Thông tư 03/2025/TT-VPCP)."
                    )
                    % {"name": str(component)}
                }
            )
        row = DossierComponent(
            dossier=dossier,
            component=component,
            form=form,
            copies=receipt.copies,
            digitised=receipt.digitised,
            digitisation_exemption=exemption,
            supplementation=supplementation,
            received_at=at,
        )
        if receipt.file is not None:
            row.file.save(receipt.file.name, receipt.file, save=False)
        rows.append(row)
    return rows
