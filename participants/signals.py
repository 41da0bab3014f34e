"""Signals for higher apps (pairing), so that participants never imports them."""

from django.dispatch import Signal

# Sent inside the withdrawal's transaction once a person has no valid consent left:
# ``sender=Person, person=..., actor=..., on=date``. Receivers end what the person may no longer be part of.
consent_withdrawn = Signal()
