"""Pieces the apps' admin modules share: read-only records, the default-queue list filter, the actions that need a
reason or another answer (one form, one flow, one intermediate page), and add forms whose save is a service call
(refused: shown again, never a 500)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from marketplace.errors import MarketplaceError


@admin.display(description=_("country"), ordering="country")
def country_column(obj) -> str:
    """A ``CountryField`` in ``list_display``: the admin's generic display rebuilt the field's ~250 choices twice per
    cell (~60 % of a 50-row moderation queue's CPU, cProfile); the country's name is one lookup."""
    return obj.country.name


class PlainActionCheckboxMixin:
    """The row checkbox of a changelist with actions, written as the HTML Django's widget renders: rendering a
    ``CheckboxInput`` through the template engine for each row was a quarter of a 100-row queue page's CPU (cProfile
    of the translation queue)."""

    def action_checkbox(self, obj) -> str:
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )


class ReadOnlyAdminMixin:
    """For records staff read but never add, edit or delete in the admin (audit trails, fixed rows, logs): on a
    ModelAdmin or an inline (``obj`` is passed to inlines' add check, not to a ModelAdmin's)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose inputs carry their field's name as aria-label: the table's column headings are no
    <label>, so without it a screen reader announces a bare checkbox or box on every row."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            formfield.widget.attrs.setdefault("aria-label", capfirst(db_field.verbose_name))
        return formfield


# --- work queues --------------------------------------------------------------------------------------------------


class DefaultQueueFilter(admin.SimpleListFilter):
    """A list filter that opens on a queue (the rows waiting for staff) instead of everything: without a parameter
    ``default`` applies; "All" lifts the filter; each of ``choices`` can be picked. Subclasses name ``field``,
    ``default`` and ``options`` (a TextChoices), and may add lookups of their own (``extra``, read by ``filter``)."""

    ALL = "all"
    field: str
    default: str
    options: type
    extra: tuple[tuple[str, object], ...] = ()

    def lookups(self, request, model_admin):
        return [*self.extra, (self.ALL, _("All")), *self.options.choices]

    @classmethod
    def normalize(cls, value: str | None) -> str:
        known = {cls.ALL, *(key for key, _label in cls.extra), *cls.options.values}
        return value if value in known else cls.default

    def current(self) -> str:
        return self.normalize(self.value())

    def queryset(self, request, queryset):
        current = self.current()
        return queryset if current == self.ALL else self.filter(queryset, current)

    def filter(self, queryset: QuerySet, value: str) -> QuerySet:
        return queryset.filter(**{self.field: value})

    def choices(self, changelist):
        current = self.current()
        for lookup, title in self.lookup_choices:
            yield {
                "selected": lookup == current,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


# --- actions that need a reason -------------------------------------------------------------------------------------


class ReasonForm(forms.Form):
    """The reason an admin action asks for, kept in the audit trail. ``label``, ``help_text``, ``required`` (the
    message when it is missing) and ``max_length`` (where the reason is stored in a shorter column) fit it to who
    reads it, where the default does not."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Kept in the audit trail with your name and the time."),
        error_messages={"required": _("Give a reason: it is kept in the audit trail.")},
    )

    def __init__(self, *args, label=None, help_text=None, required=None, max_length: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label = label or field.label
        field.help_text = help_text or field.help_text
        if required:
            field.error_messages = {**field.error_messages, "required": required}
        if max_length:
            field.max_length = max_length
            field.validators.append(MaxLengthValidator(max_length))
            field.widget.attrs["maxlength"] = str(max_length)


def ask(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    action: str,
    title,
    intro=None,
    form_class: type[forms.Form] = ReasonForm,
    form_kwargs: dict | None = None,
    back_url: str | None = None,
) -> tuple[forms.Form, TemplateResponse | None]:
    """The one flow of an admin action that needs more than a click (a reason, a new date, a provider). First call:
    the page asking for ``form_class`` (a ``ReasonForm`` unless said), which posts the same selection back to
    ``action``. Second call (``confirm`` posted): the form bound to it, and no page once it is valid, so the action
    goes on with ``form.cleaned_data``."""
    data = request.POST if "confirm" in request.POST else None
    form = form_class(data, **(form_kwargs or {}))
    if form.is_bound and form.is_valid():
        return form, None
    request.current_app = model_admin.admin_site.name
    opts = model_admin.opts
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "subtitle": None,
        "intro": intro,
        "opts": opts,
        "form": form,
        "objects": queryset,
        "action_name": action,
        "action_label": title,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "back_url": back_url or reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        "media": model_admin.media + form.media,
    }
    return form, TemplateResponse(request, "admin/action_form.html", context)


# --- add forms whose save is a service call ----------------------------------------------------------------------


def refusal_text(error: MarketplaceError | ValidationError) -> str:
    if isinstance(error, MarketplaceError):
        return str(error.message)
    return " ".join(str(message) for message in error.messages)


class Refused(Exception):
    """A service refused what an add form asked; ``ServiceAddMixin`` shows the form again with the service's answer."""

    def __init__(self, error: MarketplaceError | ValidationError) -> None:
        super().__init__(refusal_text(error))
        self.error = error


class ServiceForm(forms.ModelForm):
    """An add form whose instance is written by a service; ``refusal`` is that service's answer on a second pass."""

    refusal: MarketplaceError | ValidationError | None = None

    def clean(self):
        cleaned = super().clean()
        error = self.refusal
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        elif error is not None:
            self.add_error(None, refusal_text(error))
        return cleaned


class ServiceAddMixin:
    """``save_model`` calls a service and raises ``Refused`` when it refuses: the attempt is rolled back and the same
    POST is validated again with the refusal attached, so staff see the form with the service's message (never a
    500). ``adopt`` then makes the add view's object the row the service created."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Refused as refused:
            request.service_refusal = refused.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = forms.ModelForm  # the change page is a read-only view: none of the add form's fields
        form = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "service_refusal", None)
        if obj is None and refusal is not None:
            form = type(form.__name__, (form,), {"refusal": refusal})
        return form

    @staticmethod
    def adopt(obj, created) -> None:
        """Make the add view's unsaved object the row the service created (the view logs it and links to it)."""
        for field in type(created)._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False
        obj._state.db = created._state.db
