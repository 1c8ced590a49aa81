"""Dossier business rules. Every change goes through ``receive``, ``record_guidance``/``record_refusal`` or
``perform``; import them from here."""

from motcua.dossiers.exceptions import ActionNotAllowed, ConflictError
from motcua.dossiers.services.actions import ACTIONS, Action, allowed_actions, perform
from motcua.dossiers.services.clock import recompute_due_at
from motcua.dossiers.services.corrections import CORRECTABLE_FIELDS
from motcua.dossiers.services.payloads import (
    ApprovePayload,
    AttachResultPayload,
    ComponentReceipt,
    ConfirmPaperPayload,
    CorrectPayload,
    ForwardPayload,
    ReceiveSupplementPayload,
    RefusePayload,
    RequestSupplementPayload,
    ReturnResultPayload,
    SendBackPayload,
    StopPayload,
    WithdrawPayload,
)
from motcua.dossiers.services.reception import (
    ApplicantData,
    GuidanceData,
    ReceptionData,
    RefusalData,
    receive,
    record_guidance,
    record_refusal,
)

__all__ = [
    "ACTIONS",
    "CORRECTABLE_FIELDS",
    "Action",
    "ActionNotAllowed",
    "ApplicantData",
    "ApprovePayload",
    "AttachResultPayload",
    "ComponentReceipt",
    "ConfirmPaperPayload",
    "ConflictError",
    "CorrectPayload",
    "ForwardPayload",
    "GuidanceData",
    "ReceiveSupplementPayload",
    "ReceptionData",
    "RefusalData",
    "RefusePayload",
    "RequestSupplementPayload",
    "ReturnResultPayload",
    "SendBackPayload",
    "StopPayload",
    "WithdrawPayload",
    "allowed_actions",
    "perform",
    "receive",
    "recompute_due_at",
    "record_guidance",
    "record_refusal",
]
