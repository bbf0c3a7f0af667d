"""The "language versions" pages: owners, their institution's admins and center staff see how far each of the 17
languages is, and write or check a version themselves (it becomes "verified").

Thin views: selectors read, ``translation_save_human`` writes; whoever may not edit gets a 404, never a 403.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from achievements.selectors import achievement_get
from demands.selectors import demand_get
from marketplace.errors import MarketplaceError, NotFound
from marketplace.i18n import column
from marketplace.models import Institution
from marketplace.permissions import can_edit_listing, is_institution_admin
from translation.forms import LanguageVersionForm
from translation.models import TranslationStatus
from translation.registry import translatable_fields
from translation.selectors import translation_statuses
from translation.services import translation_save_human

# Statuses of one field in one language, as the overview shows them (record statuses plus two of the page's own).
SOURCE, MISSING = "source", "missing"
STATUS_LABELS = {
    SOURCE: gettext_lazy("Original"),
    TranslationStatus.VERIFIED: gettext_lazy("Verified"),
    TranslationStatus.DONE: gettext_lazy("Machine-translated"),
    TranslationStatus.PENDING: gettext_lazy("Waiting for the engine"),
    TranslationStatus.FAILED: gettext_lazy("Failed"),
    TranslationStatus.UNAVAILABLE: gettext_lazy("No engine for this language"),
    MISSING: gettext_lazy("Not translated yet"),
}


def _institution_get(*, pk: int, user) -> Institution:
    institution = Institution.objects.filter(pk=pk).first()
    if institution is None:
        raise NotFound()
    return institution


# kind in the URL -> (how to load the object for a user, who may edit its translations)
KINDS = {
    "achievement": (achievement_get, can_edit_listing),
    "demand": (demand_get, can_edit_listing),
    "institution": (
        _institution_get,
        lambda user, institution: user.is_staff or is_institution_admin(user, institution.pk),
    ),
}


def _editable_object(request: HttpRequest, kind: str, pk: int) -> models.Model:
    if kind not in KINDS:
        raise Http404
    getter, may_edit = KINDS[kind]
    try:
        obj = getter(pk=pk, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    if not (request.user.is_active and may_edit(request.user, obj)):
        raise Http404(_("Not found."))
    return obj


def _status(obj: models.Model, records: dict, name: str, language: str) -> str:
    if language == obj.source_language:
        return SOURCE
    record = records.get((name, language))
    if record is not None:
        return record.status
    # Text without a record was written before the pipeline ran: shown as machine output, the honest default.
    return TranslationStatus.DONE if getattr(obj, column(name, language)) else MISSING


def _original_edit_url(kind: str, obj: models.Model) -> str:
    if kind == "institution":
        return reverse("marketplace:institution_manage", kwargs={"slug": obj.slug})
    return reverse(f"{obj._meta.app_label}:edit", kwargs={"pk": obj.pk})


def _context(kind: str, obj: models.Model) -> dict:
    name_field = "name" if kind == "institution" else "title"
    return {
        "kind": kind,
        "obj": obj,
        "obj_title": obj.text(name_field),
        "obj_title_language": obj.text_with_language(name_field)[1],
        "overview_url": reverse("translation:overview", kwargs={"kind": kind, "pk": obj.pk}),
        "original_edit_url": _original_edit_url(kind, obj),
        "source_language_name": dict(settings.LANGUAGES)[obj.source_language],
    }


@login_required
@require_safe
def language_versions(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The 17 languages of one listing or institution, with the status of each translated field."""
    obj = _editable_object(request, kind, pk)
    records = translation_statuses(obj=obj)
    names = translatable_fields(obj)
    rows = []
    for code, language_name in settings.LANGUAGES:
        cells = []
        for name in names:
            status = _status(obj, records, name, code)
            cells.append({"status": status, "label": STATUS_LABELS[status], "record": records.get((name, code))})
        rows.append(
            {
                "code": code,
                "name": language_name,
                "is_source": code == obj.source_language,
                "cells": cells,
                "edit_url": reverse("translation:edit", kwargs={"kind": kind, "pk": obj.pk, "language": code}),
            }
        )
    headers = [obj._meta.get_field(name).verbose_name for name in names]
    return render(request, "translation/overview.html", {**_context(kind, obj), "rows": rows, "headers": headers})


@login_required
@require_http_methods(["GET", "POST"])
def language_version_edit(request: HttpRequest, kind: str, pk: int, language: str) -> HttpResponse:
    """A person's version of one language: every changed (or confirmed) field is saved as a verified translation."""
    obj = _editable_object(request, kind, pk)
    if language not in dict(settings.LANGUAGES):
        raise Http404
    context = _context(kind, obj)
    if language == obj.source_language:
        messages.info(request, _("This is the language the text was written in: edit the original instead."))
        return redirect(context["original_edit_url"])
    records = translation_statuses(obj=obj)
    form = LanguageVersionForm(request.POST or None, obj=obj, language=language, records=records)
    if request.method == "POST" and form.is_valid():
        texts = form.texts_to_save()
        if not texts:
            messages.info(request, _("Nothing changed."))
            return redirect(context["overview_url"])
        try:
            # All fields of the form or none: a refused field must not leave the others half-saved.
            with transaction.atomic():
                for name, text in texts.items():
                    try:
                        translation_save_human(obj=obj, field=name, language=language, text=text, user=request.user)
                    except ValidationError as exc:
                        errors = (
                            exc.message_dict.get("text", exc.messages) if hasattr(exc, "error_dict") else exc.messages
                        )
                        for message in errors:
                            form.add_error(name, message)
                        raise
        except NotFound as exc:
            raise Http404(str(exc.message)) from exc
        except MarketplaceError as exc:
            form.add_error(None, str(exc.message))
        except ValidationError:
            pass  # the messages are on the form
        else:
            messages.success(
                request,
                _("The %(language)s version is saved as a verified translation.")
                % {"language": dict(settings.LANGUAGES)[language]},
            )
            return redirect(context["overview_url"])
    return render(
        request,
        "translation/edit.html",
        {
            **context,
            "form": form,
            "language": language,
            "language_name": dict(settings.LANGUAGES)[language],
        },
    )
