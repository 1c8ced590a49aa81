"""Signals the portal sends for other apps to react to, without the portal importing them.

``submission_changed`` is sent inside the transaction that changed an online submission's status (submitted,
received, guided, refused), after the submission row is saved, with ``submission`` and ``at`` (the instant of the
change). A receiver's write therefore commits or rolls back with the change; the national-portal outbox
(``motcua.sync.receivers``) reports it as the dossier events' receiver reports a dossier's changes.
"""

from __future__ import annotations

from django.dispatch import Signal

submission_changed = Signal()
