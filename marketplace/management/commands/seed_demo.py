"""``manage.py seed_demo``: load the demo data (idempotent) and print the demo logins. Never for production."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Role
from achievements.models import Achievement
from demands.models import Demand
from marketplace.demo.loader import DemoDataError, DemoReport, load_demo
from marketplace.demo.people import DEMO_PASSWORD
from marketplace.models import Institution
from trading.services import bid_refusal


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
            report = load_demo()
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc

        created = report.created
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
        width = max(len(user.email) for user in report.logins)
        for user in report.logins:
            where = ", ".join(str(m.institution) for m in user.memberships.select_related("institution"))
            role = Role(user.role).label
            if user.is_staff:
                role = f"{role}, admin access at /admin/"
            self.stdout.write(f"  {user.email.ljust(width)}  {role}{f' — {where}' if where else ''}")
        port = os.environ.get("PORT") or "8000"
        site = f"http://127.0.0.1:{port}"
        self._auctions(report, site)
        self.stdout.write("")
        self.stdout.write(f"Open {site}/")

    def _auctions(self, report: DemoReport, site: str) -> None:
        """Where the demo auctions are, and which enterprise logins may bid in the live one (not its seller's)."""
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo auctions"))
        auctions = report.auctions
        live, upcoming, closed = auctions.get("live"), auctions.get("upcoming"), auctions.get("closed")
        if live is not None:
            bidders = ", ".join(
                user.email
                for user in report.logins
                if user.role == Role.ENTERPRISE and bid_refusal(auction=live, user=user) is None
            )
            self.stdout.write(f"  Live English auction:  {site}{live.get_absolute_url()}  (bid as {bidders})")
        if upcoming is not None:
            self.stdout.write(
                f"  Upcoming sealed-bid:   {site}{upcoming.get_absolute_url()}  "
                "(deposit: staff confirm bidders in /admin/trading/participant/)"
            )
        if closed is not None:
            self.stdout.write(f"  Closed, with its deal: {site}{closed.get_absolute_url()}")
