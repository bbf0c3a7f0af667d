"""``manage.py translate_missing``: translate whatever has no finished version of its current source text.

For every object of the translated models, every translated field with text and every target language (or those of
``--lang``), a version is missing when there is no "done" or "verified" record for the current source text: no record
at all (saved while translations were paused, or before the pipeline existed), a record of an older text, a failed
one, one still pending from an interrupted run, or one no engine served until now. Those are scheduled through the
translation services and run by Celery (in this process when Celery is eager, the embedded default).

Idempotent: a second run finds nothing left to do (pairs no engine serves stay "unavailable" and are not retried until
an engine serves them). Safe to interrupt: what was done is kept, and the next run continues with the rest.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from celery import current_app
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.db import models
from django.utils import timezone

from marketplace.i18n import column
from translation.models import TranslationRecord, TranslationStatus
from translation.providers import ProviderError
from translation.registry import MACHINE_TRANSLATED
from translation.router import NoRoute, Router
from translation.services import translation_rerun, translations_schedule
from translation.text import source_hash

S = TranslationStatus
# With a broker, a pending record younger than this may still be in a worker's hands: it is not sent again.
PENDING_GRACE = timedelta(minutes=10)
QUIET_LOGGERS = ("celery.app.trace", "httpx", "httpcore")


@dataclass
class Plan:
    """What one object needs: (field, language) pairs without a record of the current text, and records to send to
    the engines again."""

    missing: set[tuple[str, str]] = field(default_factory=set)
    rerun: list[int] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.missing and not self.rerun


class Progress:
    """One line on stderr, rewritten in place on a terminal (a line every 10% otherwise, so logs stay short)."""

    def __init__(self, total: int, stream: OutputWrapper, enabled: bool = True) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.enabled = enabled
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started = time.monotonic()
        self.last_tenth = -1

    def advance(self, step: int, note: str) -> None:
        self.done += step
        if not self.enabled or not self.total:
            return
        share = self.done / self.total
        tenth = int(share * 10)
        if not self.tty and tenth == self.last_tenth and self.done != self.total:
            return
        self.last_tenth = tenth
        width = 30
        bar = "#" * int(share * width) + "-" * (width - int(share * width))
        elapsed = time.monotonic() - self.started
        line = f"[{bar}] {self.done}/{self.total} objects {share:4.0%} {elapsed:5.0f}s  {note}"
        self.stream.write(("\r" + line) if self.tty else line, ending="" if self.tty else "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.tty and self.total:
            self.stream.write("")
            self.stream.flush()


class Command(BaseCommand):
    help = (
        "Translate every listing and institution text that has no finished translation of its current version "
        "(idempotent; safe to interrupt and run again)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--lang",
            nargs="+",
            metavar="CODE",
            help="Only these target languages (e.g. --lang es pt-br). Default: all of them.",
        )
        parser.add_argument(
            "--model",
            nargs="+",
            metavar="APP.MODEL",
            help="Only these models (e.g. --model achievements.Achievement). Default: "
            + ", ".join(sorted(MACHINE_TRANSLATED)),
        )
        parser.add_argument("--batch-size", type=int, default=200, help="Objects read per query (default 200).")
        parser.add_argument(
            "--served-only",
            action="store_true",
            help="Only languages an engine serves from each text's language (no 'unavailable' records for the rest).",
        )
        parser.add_argument(
            "--wait",
            type=float,
            default=0,
            metavar="SECONDS",
            help="Wait up to this long for the configured engines to answer first (an engine just started).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Count what is missing, schedule nothing.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar on stderr.")

    def handle(
        self,
        *args,
        lang=None,
        model=None,
        batch_size=200,
        served_only=False,
        wait=0,
        dry_run=False,
        no_progress=False,
        **options,
    ):
        languages = self._languages(lang)
        targets = self._models(model)
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        self.router = Router()
        self.routes: dict[tuple[str, str], bool] = {}
        self.served_only = served_only
        self._wait_for_engines(wait)
        self.eager = bool(current_app.conf.task_always_eager)
        if options.get("verbosity", 1) < 2:
            # In-process (eager) jobs would log a line per translation and per engine request: the bar says enough.
            for name in QUIET_LOGGERS:
                logging.getLogger(name).setLevel(logging.WARNING)
        totals = {"objects": 0, "scheduled": 0, "rerun": 0}
        progress = Progress(
            sum(m._base_manager.count() for m in targets),
            self.stderr,
            enabled=not no_progress and options.get("verbosity", 1) > 0,
        )
        try:
            for model_class in targets:
                for batch in self._batches(model_class, batch_size):
                    plans = self._plan(model_class, batch, languages)
                    for obj in batch:
                        plan = plans.get(obj.pk)
                        if plan is not None and not plan.empty:
                            totals["objects"] += 1
                            if not dry_run:
                                scheduled, rerun = self._apply(obj, plan)
                            else:
                                scheduled, rerun = len(plan.missing), len(plan.rerun)
                            totals["scheduled"] += scheduled
                            totals["rerun"] += rerun
                        progress.advance(1, f"{totals['scheduled'] + totals['rerun']} translations sent")
        except KeyboardInterrupt:
            progress.close()
            raise CommandError("Interrupted. What was translated is kept; run the command again to continue.") from None
        progress.close()
        verb = "would be sent" if dry_run else "sent to the engines"
        self.stdout.write(
            self.style.SUCCESS(
                f"{totals['scheduled'] + totals['rerun']} translations {verb} "
                f"({totals['scheduled']} new, {totals['rerun']} again) for {totals['objects']} objects."
                if totals["objects"]
                else "Nothing to translate: every text has a finished translation (or no engine for its language)."
            )
        )

    # --- options --------------------------------------------------------------------------------------------------

    def _languages(self, codes: list[str] | None) -> set[str]:
        known = [code for code, _name in settings.LANGUAGES]
        if not codes:
            return set(known)
        unknown = sorted(set(codes) - set(known))
        if unknown:
            raise CommandError(f"Unknown language(s): {', '.join(unknown)}. Known: {' '.join(known)}")
        return set(codes)

    def _models(self, labels: list[str] | None) -> list[type[models.Model]]:
        if not labels:
            return [apps.get_model(label) for label in MACHINE_TRANSLATED]
        chosen = []
        for label in labels:
            try:
                model_class = apps.get_model(label)
            except (LookupError, ValueError) as exc:
                raise CommandError(f"Unknown model {label!r} (use app_label.ModelName).") from exc
            if model_class._meta.label_lower not in MACHINE_TRANSLATED:
                raise CommandError(
                    f"{model_class._meta.label} is not machine-translated. "
                    f"Translated models: {', '.join(sorted(MACHINE_TRANSLATED))}"
                )
            chosen.append(model_class)
        return chosen

    # --- work -----------------------------------------------------------------------------------------------------

    def _batches(self, model_class: type[models.Model], size: int) -> Iterator[list[models.Model]]:
        """The objects in primary-key order, ``size`` at a time (rows added meanwhile are picked up as well)."""
        last = 0
        while True:
            batch = list(model_class._base_manager.filter(pk__gt=last).order_by("pk")[:size])
            if not batch:
                return
            yield batch
            last = batch[-1].pk

    def _wait_for_engines(self, seconds: float) -> None:
        if not self.router.providers:
            self.stderr.write(
                "No translation engine is set up (APERTIUM_URL, LIBRETRANSLATE_URL): texts will be marked "
                "'unavailable' until one is."
            )
            return
        deadline = time.monotonic() + seconds
        for provider in self.router.providers:
            while True:
                try:
                    provider.pairs()
                    break
                except ProviderError as exc:
                    if time.monotonic() >= deadline:
                        self.stderr.write(f"The {provider.name} engine does not answer: {exc}")
                        break
                    time.sleep(1)

    def _served(self, source: str, target: str) -> bool:
        """Does an engine now serve this pair? (Decides whether an "unavailable" record is worth another try.)"""
        key = (source, target)
        if key not in self.routes:
            try:
                self.router.routes(source, target)
                self.routes[key] = True
            except (NoRoute, ProviderError):
                self.routes[key] = False
        return self.routes[key]

    def _plan(self, model_class: type[models.Model], batch: list, languages: set[str]) -> dict[int, Plan]:
        names = MACHINE_TRANSLATED[model_class._meta.label_lower]
        records: dict[tuple[int, str, str], tuple[int, str, str, str, object]] = {
            (object_id, name, code): (pk, status, digest, source, updated)
            for pk, object_id, name, code, status, digest, source, updated in TranslationRecord.objects.filter(
                content_type=ContentType.objects.get_for_model(model_class),
                object_id__in=[obj.pk for obj in batch],
                field__in=names,
                language__in=languages,
            ).values_list(
                "pk", "object_id", "field", "language", "status", "source_hash", "source_language", "updated_at"
            )
        }
        stale_pending = timezone.now() - PENDING_GRACE
        plans: dict[int, Plan] = {}
        for obj in batch:
            plan = plans[obj.pk] = Plan()
            source = obj.source_language
            for name in names:
                text = getattr(obj, column(name, source)) or ""
                if not text.strip():
                    continue
                digest = source_hash(text)
                for code in languages - {source}:
                    if self.served_only and not self._served(source, code):
                        continue
                    found = records.get((obj.pk, name, code))
                    if found is None or found[2] != digest or found[3] != source:
                        plan.missing.add((name, code))
                        continue
                    pk, status, _digest, _source, updated = found
                    if status in (S.DONE, S.VERIFIED):
                        if not getattr(obj, column(name, code)):
                            plan.missing.add((name, code))  # finished, yet the column was emptied: schedule notices
                    elif (
                        status == S.FAILED
                        or (status == S.UNAVAILABLE and self._served(source, code))
                        or (status == S.PENDING and (self.eager or updated < stale_pending))
                    ):
                        plan.rerun.append(pk)
        return plans

    def _apply(self, obj: models.Model, plan: Plan) -> tuple[int, int]:
        scheduled = []
        if plan.missing:
            # The service re-checks each (field, language) of these and schedules only what is really missing.
            scheduled = translations_schedule(
                obj=obj, fields={name for name, _code in plan.missing}, languages={code for _name, code in plan.missing}
            )
        again = [pk for pk in plan.rerun if pk not in set(scheduled)]
        return len(scheduled), translation_rerun(record_ids=again) if again else 0
