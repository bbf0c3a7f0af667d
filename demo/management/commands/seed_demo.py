"""``manage.py seed_demo``: load the demo data (idempotent) and print the demo logins. Never for production."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Role
from achievements.models import Achievement
from demands.models import Demand
from demo.loader import load_demo
from demo.people import DEMO_PASSWORD
from marketplace.demo import DemoContext, DemoDataError
from marketplace.models import Institution


class Command(BaseCommand):
    help = (
        "Load the demo institutions, people, listings, auctions and deals (only what is missing); "
        "print the demo logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even though DEBUG is off. The demo accounts share a published password: never in production.",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: the demo accounts have a published password. "
                "Set DJANGO_DEBUG=1 for a development database, or pass --force if you really mean it."
            )
        try:
            demo = load_demo()
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc

        created = demo.created
        if any(created.values()):
            summary = ", ".join(f"{count} {kind}" for kind, count in sorted(created.items()) if count)
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded: created {summary}."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo data already loaded: nothing to do."))
        self.stdout.write(
            f"The database now holds {Institution.objects.count()} institutions, "
            f"{Achievement.objects.count()} achievements and {Demand.objects.count()} demands."
        )

        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        width = max(len(user.email) for user in demo.logins)
        for user in demo.logins:
            where = ", ".join(str(m.institution) for m in user.memberships.select_related("institution"))
            role = Role(user.role).label
            if user.is_staff:
                role = f"{role}, admin access at /admin/"
            self.stdout.write(f"  {user.email.ljust(width)}  {role}{f' — {where}' if where else ''}")
        port = os.environ.get("PORT") or "8000"
        site = f"http://127.0.0.1:{port}"
        self._highlights(demo, site)
        self.stdout.write("")
        self.stdout.write(f"Open {site}/")

    def _highlights(self, demo: DemoContext, site: str) -> None:
        """The pages the apps' demo data named (live auction, ...), with the site's address."""
        for heading, highlights in demo.highlights.items():
            self.stdout.write("")
            self.stdout.write(self.style.MIGRATE_HEADING(heading))
            width = max(len(item.label) for item in highlights)
            for item in highlights:
                note = f"  {item.note}" if item.note else ""
                self.stdout.write(f"  {item.label.ljust(width)}  {site}{item.path}{note}")
