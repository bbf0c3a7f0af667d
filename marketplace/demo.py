"""What each app's demo data gets from the demo loader (``demo/``, ``manage.py seed_demo``).

The loader creates the floor first (people, institutions, memberships, listings, their human translations), then
calls, in the order of ``demo.loader.APP_SEEDS``, the ``seed(demo: DemoContext) -> None`` of each app's ``demo.py``,
all in one transaction, with machine translation paused, Celery tasks run in process and e-mail kept in memory. A
seed creates only what is missing (the command runs again on every ``make run``), counts what it created in
``demo.created``, may name pages worth opening with ``demo.highlight``, and wraps its writes in ``refused(...)`` so a
service's refusal names the demo row.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError

from marketplace.errors import MarketplaceError
from marketplace.models import Institution, Listing


class DemoDataError(Exception):
    """The demo data could not be loaded (a missing migration, or a write the services refused)."""


@dataclass(frozen=True)
class Highlight:
    label: str
    path: str
    note: str = ""


@dataclass
class DemoContext:
    now: datetime
    today: date
    staff: object  # the demo staff user (center staff, superuser)
    users: dict[str, object]  # by e-mail local part: "researcher", "enterprise2", "priya.nair", ...
    logins: list  # the demo accounts that can sign in (password brics-demo), in the order printed
    institutions: dict[str, Institution]  # by slug
    achievements: dict[tuple[str, str], Listing]  # by (owner's local part, title in the source language)
    demands: dict[tuple[str, str], Listing]  # same key
    created: Counter = field(default_factory=Counter)
    highlights: dict[str, list[Highlight]] = field(default_factory=dict)  # heading -> pages the command prints

    def highlight(self, heading: str, label: str, path: str, note: str = "") -> None:
        """Name a page worth opening; ``seed_demo`` prints it under ``heading`` with the site's address."""
        self.highlights.setdefault(heading, []).append(Highlight(label, path, note))


@contextlib.contextmanager
def refused(what: str) -> Iterator[None]:
    """Turn a service's refusal into a ``DemoDataError`` naming the demo row (``seed_demo`` shows it)."""
    try:
        yield
    except (ValidationError, MarketplaceError) as exc:
        raise DemoDataError(f"Demo {what} was refused: {exc}") from exc
