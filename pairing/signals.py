"""Signals of the pairing app, for the apps above it (pairing never learns who listens).

``pairs_to_order``: the curator sent pairs in «Формируется» to the pairs order from the board. Sent
inside the transaction that marked them (``lifecycle.mentorships_to_order``) with ``organization`` and
``actor``; a receiver prepares the draft order and returns its address, or raises ``ValidationError``
(the marking is then undone).
"""

from django.dispatch import Signal

pairs_to_order = Signal()
