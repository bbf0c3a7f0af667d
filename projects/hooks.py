"""What the projects app announces to the apps above it (they connect receivers; projects imports none of them).

``interest_expressed`` is sent inside the transaction that records an investor's interest, with ``interest``,
``user`` and ``message``. A receiver may open (or reuse) a conversation with the project's side and return it: the
service hands the first returned conversation back with the interest. A receiver's error rolls the interest back.
"""

from __future__ import annotations

from django.dispatch import Signal

interest_expressed = Signal()
