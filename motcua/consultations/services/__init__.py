"""Consultation and inter-agency business rules; import from here."""

from motcua.consultations.services.consultations import (
    answer_consultation,
    blocking_consultations,
    decide_extension,
    default_due_at,
    has_blocking_consultation,
    has_pending_extension,
    request_consultations,
    request_extension,
    waive_consultations,
)
from motcua.consultations.services.links import AgencyShare, agency_shares, open_inter_agency
from motcua.consultations.services.payloads import (
    ConsultPayload,
    DecideExtensionPayload,
    OpenInterAgencyPayload,
    WaiveConsultationPayload,
)
from motcua.consultations.services.sweep import SweepCounts, sweep_consultations

__all__ = [
    "AgencyShare",
    "ConsultPayload",
    "DecideExtensionPayload",
    "OpenInterAgencyPayload",
    "SweepCounts",
    "WaiveConsultationPayload",
    "agency_shares",
    "answer_consultation",
    "blocking_consultations",
    "decide_extension",
    "default_due_at",
    "has_blocking_consultation",
    "has_pending_extension",
    "open_inter_agency",
    "request_consultations",
    "request_extension",
    "sweep_consultations",
    "waive_consultations",
]
