"""Load the demo content through the marketplace services. Safe to run again: it only creates what is missing.

Stable keys: e-mail for people, slug for institutions, (owner, title in the source language) for listings.
Existing rows are never changed, so whatever someone did with the demo (edited, submitted, moderated) stays; the one
exception is a demo auction whose end has passed, which is closed as the periodic job would have (``auctions.py``).
Dates are relative to the day a row is created: published listings are spread over the last 18 months, demands
expire in the future.

Machine translation is paused while loading (fast, deterministic, no engine needed); the human translations that ship
with the demo (institution names, ``en`` blocks of listings, translations.py) are stored as verified versions through
``translation_save_human``, as the demo staff user. ``manage.py translate_missing`` fills in the rest.
"""

from __future__ import annotations

import contextlib
import logging
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from celery import current_app
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify

from achievements.models import Achievement
from achievements.services import achievement_create, nda_accept
from alerts import demo as alerts_demo
from demands.models import Demand
from demands.services import demand_create
from demo import achievements as achievement_data
from demo import demands as demand_data
from demo import institutions as institution_data
from demo import people
from demo import translations as translation_data
from demo.pictures import cover_picture
from events import demo as events_demo
from experts import demo as experts_demo
from indicators import demo as indicators_demo
from marketplace.demo import DemoContext, DemoDataError, refused
from marketplace.i18n import column
from marketplace.models import (
    Institution,
    Listing,
    Membership,
    MembershipStatus,
    ModerationAction,
    ModerationEvent,
    ModerationState,
    TechnologyField,
    TransferMode,
)
from marketplace.pdf import one_page_pdf
from marketplace.services import listing_moderate, listing_submit
from negotiations import demo as negotiations_demo
from projects import demo as projects_demo
from services import demo as services_demo
from trading import demo as trading_demo
from translation.models import TranslationStatus
from translation.selectors import translation_statuses
from translation.services import translation_save_human, translations_paused

S = ModerationState
DECISIONS = {
    S.PUBLISHED: ModerationAction.APPROVE,
    S.CHANGES_REQUESTED: ModerationAction.REQUEST_CHANGES,
    S.REJECTED: ModerationAction.REJECT,
}
# Days ago (created, submitted, decided) for listings that are not published; published ones get spread dates.
RECENT_TIMELINE = {
    S.DRAFT: (2, None, None),
    S.SUBMITTED: (6, 1, None),
    S.CHANGES_REQUESTED: (20, 9, 7),
    S.REJECTED: (45, 33, 30),
}
SPREAD_DAYS = 540  # about 18 months


# Each app's demo data (``<app>/demo.py``), loaded after the floor (people, institutions, listings), in this order:
# a ``seed(demo: marketplace.demo.DemoContext) -> None`` that creates what is missing.
APP_SEEDS: tuple[Callable[[DemoContext], None], ...] = (
    trading_demo.seed,
    projects_demo.seed,
    events_demo.seed,
    negotiations_demo.seed,
    experts_demo.seed,
    services_demo.seed,
    alerts_demo.seed,
    indicators_demo.seed,  # last: its snapshots count what the others created
)


def load_demo() -> DemoContext:
    """Create the demo people, institutions, memberships and listings that do not exist yet; all or nothing."""
    # Moderation e-mails to demo addresses stay in memory (and in this process, even when a broker is configured).
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
        _tasks_in_process(),
        _quiet_loggers("celery.app.trace", "kombu.connection"),
        translations_paused(),
        transaction.atomic(),
    ):
        return _Loader().run()


@contextlib.contextmanager
def _tasks_in_process() -> Iterator[None]:
    previous = current_app.conf.task_always_eager
    current_app.conf.task_always_eager = True
    try:
        yield
    finally:
        current_app.conf.task_always_eager = previous


@contextlib.contextmanager
def _quiet_loggers(*names: str) -> Iterator[None]:
    """Hide the per-task "succeeded" lines of some hundred in-process tasks; warnings about real failures remain."""
    loggers = [logging.getLogger(name) for name in names]
    previous = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, previous, strict=True):
            logger.setLevel(level)


def _email(local_part: str) -> str:
    return f"{local_part}@{people.DOMAIN}"


class _Loader:
    def __init__(self) -> None:
        self.created: Counter = Counter()
        self.logins: list = []
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.fields = {f.slug: f for f in TechnologyField.objects.all()}
        self.modes = {m.code: m for m in TransferMode.objects.all()}
        self.users: dict[str, object] = {}
        self.institutions: dict[str, Institution] = {}
        self.achievements: dict[tuple[str, str], Achievement] = {}
        self.demands: dict[tuple[str, str], Demand] = {}
        # (kind, owner, title in the source language) -> {language: {field: text}}: the human translations to store.
        self.listing_translations: dict[tuple[str, str, str], dict[str, dict[str, str]]] = {}
        self.staff = None
        self.password_hash: str | None = None

    def run(self) -> DemoContext:
        self._check_taxonomy()
        for spec in institution_data.INSTITUTIONS:
            self.institutions[spec["slug"]] = self._institution(spec)
        for spec in people.LOGINS:
            self.logins.append(self._person(spec, can_sign_in=True))
        for spec in people.AUTHORS:
            self._person(spec, can_sign_in=False)
        self.staff = self.users[_email("staff")]
        for index, spec in enumerate(achievement_data.ACHIEVEMENTS):
            self._achievement(spec, index)
        for index, spec in enumerate(demand_data.DEMANDS):
            self._demand(spec, index)
        for owner, title, reader in achievement_data.NDA_ACCEPTANCES:
            achievement = self.achievements[(owner, title)]
            nda_accept(achievement=achievement, user=self.users[_email(reader)])
        self._human_translations()
        demo = DemoContext(
            now=self.now,
            today=self.today,
            staff=self.staff,
            users={email.split("@")[0]: user for email, user in self.users.items()},
            logins=self.logins,
            institutions=self.institutions,
            achievements=self.achievements,
            demands=self.demands,
            created=self.created,
        )
        for seed in APP_SEEDS:
            seed(demo)
        return demo

    def _check_taxonomy(self) -> None:
        wanted = {spec["field"] for spec in achievement_data.ACHIEVEMENTS + demand_data.DEMANDS}
        missing = sorted(wanted - set(self.fields))
        if missing or not self.modes:
            raise DemoDataError(
                f"The technology fields / transfer modes are missing ({', '.join(missing) or 'transfer modes'}): "
                "run `manage.py migrate` first."
            )

    # --- people and institutions -------------------------------------------------------------------------------

    def _institution(self, spec: dict) -> Institution:
        institution = Institution.objects.filter(slug=spec["slug"]).first()
        if institution is not None:
            return institution
        texts = {column("name", lang): text for lang, text in spec["name"].items()}
        texts |= {column("description", lang): text for lang, text in spec["description"].items()}
        institution = Institution.objects.create(
            slug=spec["slug"],
            kind=spec["kind"],
            country=spec["country"],
            city=spec.get("city", ""),
            website=spec.get("website", ""),
            source_language=spec["lang"],
            is_official_tt=spec["official"],
            is_verified=spec["verified"],
            **texts,
        )
        self.created["institutions"] += 1
        return institution

    def _person(self, spec: dict, *, can_sign_in: bool):
        user_model = get_user_model()
        user = user_model.objects.filter(email=spec["email"]).first()
        if user is None:
            is_staff = spec.get("staff", False)
            user = user_model(
                email=spec["email"],
                display_name=spec["display_name"],
                role=spec["role"],
                country=spec["country"],
                preferred_language=spec.get("language", "en"),
                is_staff=is_staff,
                is_superuser=is_staff,
            )
            if can_sign_in:
                user.password = self._demo_password_hash()
            else:
                user.set_unusable_password()
            user.save()
            self.created["people"] += 1
        if can_sign_in:
            # Verified and primary, so allauth's mandatory verification lets the demo accounts in at once.
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
        for slug, role in spec["memberships"].items():
            _membership, created = Membership.objects.get_or_create(
                user=user,
                institution=self.institutions[slug],
                defaults={"role": role, "status": MembershipStatus.ACTIVE},
            )
            self.created["memberships"] += created
        self.users[spec["email"]] = user
        return user

    def _demo_password_hash(self) -> str:
        # One slow hash for all the demo logins: their password is published anyway, and seeding stays quick.
        if self.password_hash is None:
            self.password_hash = make_password(people.DEMO_PASSWORD)
        return self.password_hash

    # --- listings ----------------------------------------------------------------------------------------------

    def _existing(self, model: type[Listing], owner, spec: dict) -> Listing | None:
        key = {column("title", spec["lang"]): spec["title"]}
        return model.objects.filter(owner=owner, **key).first()

    def _common_data(self, spec: dict) -> dict:
        slug = spec.get("institution")
        return {
            "field": self.fields[spec["field"]],
            "institution": self.institutions[slug] if slug else None,
            "source_language": spec["lang"],
        }

    def _achievement(self, spec: dict, index: int) -> None:
        owner = self.users[_email(spec["owner"])]
        existing = self._existing(Achievement, owner, spec)
        if existing is not None:
            self.achievements[(spec["owner"], spec["title"])] = existing
            return
        price = spec.get("price")
        contact = spec.get("contact", {})
        data = {
            **self._common_data(spec),
            "trl": spec["trl"],
            "ip_status": spec["ip"],
            "patent_numbers": spec.get("patents", ""),
            "price_negotiable": price is None,
            "price_amount": Decimal(price[1]) if price else None,
            "price_currency": price[0] if price else "",
            "contact_name": contact.get("name", owner.display_name),
            "contact_email": contact.get("email", owner.email),
            "confidential_dossier": spec.get("dossier", ""),
            "nda_text": spec.get("nda", ""),
        }
        texts = {name: spec.get(name, "") for name in ("title", "summary", "description", "keywords")}
        uploads = [
            (self._pdf(name, spec, confidential), {"is_confidential": confidential})
            for name, confidential in spec.get("files", ())
        ]
        # A public cover picture (the card's cover, the page's gallery), generated: see demo/pictures.py.
        picture = cover_picture(name=f"{slugify(spec['title'])[:60] or 'cover'}.jpg", field=spec["field"], index=index)
        uploads.insert(0, (picture, {"is_confidential": False}))
        modes = [self.modes[code] for code in spec["modes"]]
        with refused(f"listing {spec['title']!r}"):
            achievement = achievement_create(owner=owner, data=data, texts=texts, transfer_modes=modes, uploads=uploads)
            self._moderate(achievement, spec, owner, index)
        self.achievements[(spec["owner"], spec["title"])] = achievement
        self.created["achievements"] += 1

    def _demand(self, spec: dict, index: int) -> None:
        owner = self.users[_email(spec["owner"])]
        existing = self._existing(Demand, owner, spec)
        if existing is not None:
            self.demands[(spec["owner"], spec["title"])] = existing
            return
        budget = spec.get("budget")
        data = {
            **self._common_data(spec),
            "budget_min": Decimal(budget[1]) if budget else None,
            "budget_max": Decimal(budget[2]) if budget else None,
            "budget_currency": budget[0] if budget else "",
            "deadline": self.today + timedelta(days=spec["deadline"]) if "deadline" in spec else None,
            "expires_at": self.today + timedelta(days=spec["expires"]) if "expires" in spec else None,
        }
        texts = {"title": spec["title"], "description": spec["description"]}
        modes = [self.modes[code] for code in spec["modes"]]
        with refused(f"listing {spec['title']!r}"):
            demand = demand_create(owner=owner, data=data, texts=texts, cooperation_modes=modes)
            # Offset the index so demands and achievements are not published on the same days.
            self._moderate(demand, spec, owner, index + 17)
        self.demands[(spec["owner"], spec["title"])] = demand
        self.created["demands"] += 1

    def _moderate(self, listing: Listing, spec: dict, owner, index: int) -> None:
        """Walk the listing to its demo state through the services (which record the audit trail), then backdate."""
        state = spec.get("state", S.PUBLISHED)
        events = []
        if state != S.DRAFT:
            events.append(listing_submit(listing=listing, user=owner))
        if state in DECISIONS:
            events.append(
                listing_moderate(
                    listing=listing, actor=self.staff, action=DECISIONS[state], reason=spec.get("reason", "")
                )
            )
        self._backdate(listing, state, events, index)

    def _backdate(self, listing: Listing, state: str, events: list[ModerationEvent], index: int) -> None:
        if state == S.PUBLISHED:
            # A deterministic spread over the last 18 months (97 and 530 are coprime: no two listings collide).
            decided = self.now - timedelta(days=4 + (index * 97) % (SPREAD_DAYS - 10), hours=(index * 5) % 24)
            submitted = decided - timedelta(days=1 + index % 5, hours=3)
            created = submitted - timedelta(days=2 + index % 11)
        else:
            created_ago, submitted_ago, decided_ago = RECENT_TIMELINE[state]
            created = self.now - timedelta(days=created_ago)
            submitted = self.now - timedelta(days=submitted_ago) if submitted_ago else None
            decided = self.now - timedelta(days=decided_ago) if decided_ago else None
        type(listing).objects.filter(pk=listing.pk).update(
            created_at=created,
            submitted_at=submitted,
            published_at=decided if state == S.PUBLISHED else None,
            updated_at=decided or submitted or created,
        )
        for event, when in zip(events, (submitted, decided), strict=False):
            ModerationEvent.objects.filter(pk=event.pk).update(created_at=when)

    # --- human translations ---------------------------------------------------------------------------------------

    def _human_translations(self) -> None:
        """Store the demo's human translations as verified versions, skipping any already stored (or verified
        otherwise by someone) and any object whose original text was changed since it was loaded."""
        for spec in institution_data.INSTITUTIONS:
            texts = {"name": spec["name"], "description": spec["description"]}
            by_language: dict[str, dict[str, str]] = {}
            for name, versions in texts.items():
                for lang, text in versions.items():
                    by_language.setdefault(lang, {})[name] = text
            source = by_language.pop(spec["lang"], {})
            self._store_translations(self.institutions[spec["slug"]], source, by_language)
        for kind, data, loaded in (
            ("achievement", achievement_data.ACHIEVEMENTS, self.achievements),
            ("demand", demand_data.DEMANDS, self.demands),
        ):
            extra = {
                (item["owner"], item["title"]): item["languages"]
                for item in translation_data.TRANSLATIONS
                if item["kind"] == kind
            }
            for spec in data:
                key = (spec["owner"], spec["title"])
                by_language = {lang: dict(fields) for lang, fields in extra.pop(key, {}).items()}
                if "en" in spec:
                    by_language.setdefault("en", {}).update(spec["en"])
                if by_language and key in loaded:
                    source = {name: spec.get(name, "") for name in ("title", "summary", "description", "keywords")}
                    self._store_translations(loaded[key], source, by_language)
            if extra:
                raise DemoDataError(f"translations.py names {kind}s the demo does not have: {sorted(extra)}")

    def _store_translations(self, obj, source: dict[str, str], by_language: dict[str, dict[str, str]]) -> None:
        records = translation_statuses(obj=obj)
        for lang, fields in by_language.items():
            for name, text in fields.items():
                if not text or getattr(obj, column(name, obj.source_language)) != source.get(name):
                    continue  # the original was edited since the demo was loaded: this translation no longer fits
                record = records.get((name, lang))
                if record is not None and record.status == TranslationStatus.VERIFIED:
                    continue
                translation_save_human(obj=obj, field=name, language=lang, text=text, user=self.staff)
                self.created["human translations"] += 1

    def _pdf(self, name: str, spec: dict, confidential: bool) -> SimpleUploadedFile:
        title = spec.get("en", {}).get("title") or spec["title"]
        institution = self.institutions[spec["institution"]]
        lines = [
            f"Institution: {institution.text('name', 'en')}",
            f"Technology readiness level: {spec['trl']}",
            f"Patents: {spec.get('patents') or 'none listed'}",
            "Confidential: shared under the owner's NDA." if confidential else "Public technical brief.",
            "",
            "Demo document generated by `manage.py seed_demo`; not a real technical document.",
        ]
        return SimpleUploadedFile(name, one_page_pdf(title, lines), content_type="application/pdf")
