"""The center staff's workplace: moderation queues, the member network, the taxonomy and the audit trail.

The pieces shared by every listing type (the pending-queue filter, the moderation panel and actions, the audit-trail
inline, the language layout of translated fields) live here; ``achievements/admin.py`` and ``demands/admin.py``
register the concrete admins.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection, models
from django.db.models import F, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst, smart_split, unescape_string_literal
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from modeltranslation.admin import TranslationAdmin
from modeltranslation.translator import translator

from brics_ttc.languages import LANGUAGE_CODES
from marketplace.admin_base import (
    DefaultQueueFilter,
    LabelledTabularInline,
    ReadOnlyAdminMixin,
    ReasonForm,
    ask,
    confirming,
    country_column,
)
from marketplace.errors import MarketplaceError
from marketplace.i18n import column
from marketplace.models import (
    Institution,
    Invitation,
    Listing,
    Membership,
    ModerationAction,
    ModerationEvent,
    ModerationState,
    TechnologyField,
    TransferMode,
)
from marketplace.reads import cached
from marketplace.services import listing_moderate, listings_bulk_moderate
from marketplace.signals import source_text_changed, text_version_written
from marketplace.uploads import LOGO_TYPES, check_upload

admin.site.site_header = settings.ADMIN_SITE_HEADER
admin.site.site_title = settings.ADMIN_SITE_HEADER
admin.site.index_title = _("Moderation, member network and taxonomy")


def language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


# --- translated fields: the author's language first, the other 16 folded away ------------------------------------

# Read-only on the change page: the state moves only through the moderation panel and actions.
MODERATION_FIELDS = ("state_badge", "submitted_at", "published_at", "created_at", "updated_at")

# Marks the fieldset that holds the translated texts; it is titled with the language they were written in.
SOURCE_TEXTS = object()


class SourceLanguageForm(forms.ModelForm):
    """Requires translated texts in the language they were written in (not in English, modeltranslation's default)."""

    required_texts: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        lang = cleaned.get("source_language") or getattr(self.instance, "source_language", "") or "en"
        for name in self.required_texts:
            col = column(name, lang)
            if col in self.fields and not (cleaned.get(col) or "").strip():
                self.add_error(
                    col,
                    gettext("Required in the language the text is written in (%(language)s).")
                    % {"language": language_name(lang)},
                )
        return cleaned


class TranslatedFieldsetsMixin:
    """Lays out modeltranslation's 17 columns per field: the source language's with the other fields, each other
    language in its own collapsed fieldset (plain ``<details>``, no JavaScript).

    Subclasses declare ``base_fieldsets`` with the *original* names of translated fields (``"title"``).
    """

    form = SourceLanguageForm
    base_fieldsets: list[tuple[object, dict]] = []

    def source_language_of(self, obj) -> str:
        lang = getattr(obj, "source_language", "") if obj is not None else ""
        return lang if lang in LANGUAGE_CODES else settings.LANGUAGE_CODE

    def _translated_in_layout(self) -> list[str]:
        laid_out = {name for _title, options in self.base_fieldsets for name in options["fields"]}
        return [name for name in self.trans_opts.all_fields if name in laid_out]

    def get_fieldsets(self, request: HttpRequest, obj=None):
        source = self.source_language_of(obj)
        translated = self._translated_in_layout()
        fieldsets = []
        for title, options in self.base_fieldsets:
            if title is SOURCE_TEXTS:
                title = gettext("Texts as written, in %(language)s") % {"language": language_name(source)}
            fields = [column(name, source) if name in translated else name for name in options["fields"]]
            fieldsets.append((title, {**options, "fields": fields}))
        others = [code for code in LANGUAGE_CODES if code != source]
        if len(translated) == 1:
            fieldsets.append(
                (
                    gettext("Other languages"),
                    {"classes": ("collapse",), "fields": [column(translated[0], code) for code in others]},
                )
            )
        else:
            for code in others:
                fieldsets.append(
                    (language_name(code), {"classes": ("collapse",), "fields": [column(n, code) for n in translated]})
                )
        return fieldsets

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # modeltranslation makes the English column required; the source-language one is (SourceLanguageForm.clean).
        for name in self.trans_opts.all_fields:
            for code in LANGUAGE_CODES:
                field = form.base_fields.get(column(name, code))
                if field is not None:
                    field.required = False
        form.required_texts = tuple(
            name for name in self._translated_in_layout() if not self.model._meta.get_field(name).blank
        )
        return form


class SourceLanguageSearchMixin:
    """Search matches English (``search_fields``) and each row's own source-language column."""

    source_search_fields: tuple[str, ...] = ()

    # Related rows whose ids a PostgreSQL search reads first (at most this many each; see below).
    RELATED_MATCH_LIMIT = 1000

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        term = search_term.strip()
        if term and connection.vendor == "postgresql":
            return self._indexed_search_results(queryset, term), False
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if term and self.source_search_fields:
            in_source = Q()
            for code in LANGUAGE_CODES:
                if code == settings.LANGUAGE_CODE:
                    continue
                for name in self.source_search_fields:
                    in_source |= Q(source_language=code, **{f"{column(name, code)}__icontains": term})
            results = results | queryset.filter(in_source)
        return results, may_have_duplicates

    def _indexed_search_results(self, queryset: QuerySet, term: str) -> QuerySet:
        """PostgreSQL: every condition on the listing's own columns, so that each can use its GIN trigram index
        (migrations) and the planner ORs the index scans; matching owners and institutions are looked up first (small
        tables) and become ``owner_id = ANY(ids)``. Django's search joined them into one OR over three tables, which
        only a sequential scan of every listing could answer (1.5 s at 150,000 listings)."""
        results = queryset
        for word in smart_split(term):
            if len(word) > 1 and word[0] in "\"'" and word[-1] == word[0]:
                word = unescape_string_literal(word)
            results = results.filter(self._indexed_match(word))
        return results

    def _indexed_match(self, term: str) -> Q:
        """One word of the search (Django's search ANDs the words too)."""
        match = Q()
        related: dict[str, Q] = {}
        for name in self.search_fields:
            relation, _sep, rest = name.partition("__")
            if rest:
                related[relation] = related.get(relation, Q()) | Q(**{f"{rest}__icontains": term})
            else:
                match |= Q(**{f"{name}__icontains": term})
        for relation, condition in related.items():
            model = self.model._meta.get_field(relation).related_model
            ids = list(model.objects.filter(condition).values_list("pk", flat=True)[: self.RELATED_MATCH_LIMIT])
            if ids:
                match |= Q(**{f"{relation}_id__in": ids})
        for code in LANGUAGE_CODES:
            if code == settings.LANGUAGE_CODE:
                continue
            for name in self.source_search_fields:
                match |= Q(source_language=code, **{f"{column(name, code)}__icontains": term})
        return match


# --- moderation of listings ---------------------------------------------------------------------------------------


class ListingCountryFilter(CountryFilter):
    """The countries listings have, read once per listings version: a DISTINCT over every listing on each page view
    of the queue was a full scan (marketplace.reads)."""

    def lookup_choices(self, changelist):
        model, path = changelist.model, self.field_path
        codes = set(
            cached(
                "admin-countries",
                lambda: sorted(model._default_manager.order_by().values_list(path, flat=True).distinct()),
                model._meta.label,
                path,
            )
        )
        for code, name in self.field.get_choices(include_blank=False):
            if code in codes:
                yield code, name


class ModerationStatusFilter(DefaultQueueFilter):
    """Opens on the review queue: without a parameter only submitted listings; "All" lifts the filter."""

    title = _("status")
    parameter_name = "state"
    field = "state"
    default = ModerationState.SUBMITTED
    options = ModerationState


class ModerationEventInline(ReadOnlyAdminMixin, GenericTabularInline):
    """The audit trail of one listing, newest first; nobody edits history."""

    model = ModerationEvent
    ct_field = "content_type"
    ct_fk_field = "object_id"
    fields = ("created_at", "actor", "action", "transition", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = _("moderation event")
    verbose_name_plural = _("moderation history")

    @admin.display(description=_("from → to"))
    def transition(self, obj: ModerationEvent) -> str:
        return f"{obj.get_from_state_display()} → {obj.get_to_state_display()}"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class AttachmentInline(LabelledTabularInline):
    """Files of a listing as the author uploaded them; staff download them to review, nobody adds or swaps files."""

    fields = ("download", "content_type", "file_size", "uploaded_by", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("file name"))
    def download(self, obj) -> str:
        parent = self.parent_model._meta
        url = reverse(
            f"admin:{parent.app_label}_{parent.model_name}_attachment",
            args=[getattr(obj, f"{parent.model_name}_id"), obj.pk],
        )
        return format_html('<a href="{}">{}</a>', url, obj.original_name)

    @admin.display(description=_("size"), ordering="size")
    def file_size(self, obj) -> str:
        return filesizeformat(obj.size)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, ModerationAction(a).label) for a in ("approve", "request_changes", "reject")],
        error_messages={"invalid_choice": _("Unknown moderation action."), "required": _("Choose a decision.")},
    )
    reason = forms.CharField(required=False, max_length=5000)


MODERATED = {
    ModerationAction.APPROVE: _("Approved and published “%(title)s”; the author was notified."),
    ModerationAction.REQUEST_CHANGES: _("Changes requested for “%(title)s”; the author received your reason."),
    ModerationAction.REJECT: _("Rejected “%(title)s”; the author received your reason."),
}
BULK_MODERATED = {
    ModerationAction.APPROVE: _("%(done)d approved, %(skipped)d skipped (not submitted)."),
    ModerationAction.REQUEST_CHANGES: _("%(done)d sent back for changes, %(skipped)d skipped (not submitted)."),
    ModerationAction.REJECT: _("%(done)d rejected, %(skipped)d skipped (not submitted)."),
}


class TextEditsAdminMixin:
    """On a change page staff may change the original text, or type the version of a text in another language: both
    are announced (``marketplace.signals``), and the translation pipeline decides what follows (re-translate the
    changed original; keep a hand-written version as verified)."""

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            return
        model = type(obj)
        names = translator.get_options_for_model(model).fields
        source = obj.source_language
        if any(column(name, source) in form.changed_data for name in names) or "source_language" in form.changed_data:
            # First, so a version typed in the same save is then kept as verified for the new source text.
            source_text_changed.send(sender=model, instance=obj)
        for name in names:
            for code, _language in settings.LANGUAGES:
                attr = column(name, code)
                if code == source or attr not in form.changed_data:
                    continue
                text = form.cleaned_data.get(attr) or ""
                if text.strip():
                    text_version_written.send(
                        sender=model, instance=obj, field=name, language=code, text=text, user=request.user
                    )


class ListingAdmin(TextEditsAdminMixin, SourceLanguageSearchMixin, TranslatedFieldsetsMixin, TranslationAdmin):
    """A moderation queue: opens on submitted listings; staff decide through services, never by editing ``state``."""

    change_form_template = "admin/marketplace/listing_change_form.html"
    list_display = (
        "title_column",
        "owner",
        "institution",
        "field",
        country_column,
        "state_badge",
        "submitted_at",
        "published_at",
    )
    list_display_links = ("title_column",)
    list_select_related = ("owner", "institution", "field")
    list_filter = (ModerationStatusFilter, "field", ("country", ListingCountryFilter))
    # Counting every choice of every filter over 100,000 rows is not worth it on a queue.
    show_facets = admin.ShowFacets.NEVER
    search_fields = ("title_en", "owner__email", "owner__display_name", "institution__name_en")
    source_search_fields = ("title",)
    # At 150,000 listings a date drill-down scanned the table twice per page (MIN/MAX, then DISTINCT dates), and the
    # "N of M" total counted every row once more: the queue shows its filtered count only.
    show_full_result_count = False
    raw_id_fields = ("owner", "institution")
    readonly_fields = MODERATION_FIELDS
    actions = ("approve_selected", "request_changes_selected", "reject_selected")
    list_per_page = 50
    # Long text columns (every language) that the queue never shows.
    changelist_defer: tuple[str, ...] = ()

    @admin.display(description=_("title"))
    def title_column(self, obj: Listing) -> str:
        return str(obj)

    @admin.display(description=_("status"), ordering="state")
    def state_badge(self, obj: Listing) -> str:
        return format_html('<span class="state-badge state-{}">{}</span>', obj.state, obj.get_state_display())

    def get_queryset(self, request: HttpRequest):
        qs = super().get_queryset(request)
        match = request.resolver_match
        if match is not None and match.url_name == f"{self.opts.app_label}_{self.opts.model_name}_changelist":
            qs = qs.defer(*self.changelist_defer)
        return qs

    def get_ordering(self, request: HttpRequest):
        state = ModerationStatusFilter.normalize(request.GET.get(ModerationStatusFilter.parameter_name))
        if state == ModerationState.SUBMITTED:
            return ("submitted_at", "id")  # a queue: the longest waiting first
        return (F("submitted_at").desc(nulls_last=True), "-id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # listings are written by their authors, through the site or the API

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is TransferMode:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # --- URLs of the moderation panel and of attachment downloads ---

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/moderate/",
                self.admin_site.admin_view(self.moderate_view),
                name="{}_{}_moderate".format(*info),
            ),
            path(
                "<path:object_id>/attachments/<int:attachment_id>/",
                self.admin_site.admin_view(self.attachment_view),
                name="{}_{}_attachment".format(*info),
            ),
            *super().get_urls(),
        ]

    def _change_url(self, obj: Listing) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[obj.pk],
            current_app=self.admin_site.name,
        )

    def moderate_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The panel on the change page: one decision, one service call, back to the page with a message."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseRedirect(self._change_url(obj))
        form = ModerationForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, error, messages.ERROR)
            return HttpResponseRedirect(self._change_url(obj))
        action = form.cleaned_data["action"]
        try:
            listing_moderate(listing=obj, actor=request.user, action=action, reason=form.cleaned_data["reason"])
        except MarketplaceError as exc:
            self.message_user(request, str(exc.message), messages.ERROR)
        else:
            self.message_user(request, MODERATED[action] % {"title": obj}, messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(obj))

    def attachment_view(self, request: HttpRequest, object_id: str, attachment_id: int) -> HttpResponse:
        """Staff download an attachment to review it (uploads are never served from a public URL)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404
        attachment = obj.attachments.filter(pk=attachment_id).first()
        if attachment is None:
            raise Http404
        try:
            handle = attachment.file.open("rb")
        except OSError as exc:
            raise Http404 from exc
        return FileResponse(
            handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk and self.has_change_permission(request, obj):
            context["moderation"] = {
                "url": reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_moderate",
                    args=[obj.pk],
                    current_app=self.admin_site.name,
                ),
                "can_decide": obj.state == ModerationState.SUBMITTED,
            }
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    # --- bulk actions: each is one service call ---

    def _bulk_message(self, request: HttpRequest, action: str, done: int, skipped: int) -> None:
        level = messages.SUCCESS if not skipped else messages.WARNING
        self.message_user(request, BULK_MODERATED[action] % {"done": done, "skipped": skipped}, level)

    @admin.action(description=_("Approve selected"), permissions=["change"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        done, skipped = listings_bulk_moderate(listings=queryset, actor=request.user, action=ModerationAction.APPROVE)
        self._bulk_message(request, ModerationAction.APPROVE, done, skipped)

    @admin.action(description=_("Request changes…"), permissions=["change"])
    def request_changes_selected(self, request: HttpRequest, queryset: QuerySet):
        return self._bulk_with_reason(
            request, queryset, ModerationAction.REQUEST_CHANGES, "request_changes_selected", _("Request changes")
        )

    @admin.action(description=_("Reject…"), permissions=["change"])
    def reject_selected(self, request: HttpRequest, queryset: QuerySet):
        return self._bulk_with_reason(request, queryset, ModerationAction.REJECT, "reject_selected", _("Reject"))

    def _bulk_with_reason(self, request: HttpRequest, queryset: QuerySet, action: str, action_name: str, title):
        """First call: a page asking for the reason. Second call (``confirm`` posted): the decision."""
        form = ReasonForm(
            confirming(request),
            label=_("Reason for the authors"),
            help_text=_("Sent by e-mail to every author and shown on their “My listings” page."),
            required=_("Give the authors a reason, so they know what to change."),
        )
        count = len(queryset)
        intro = ngettext(
            "This decision applies to the selected %(name)s if it is submitted; otherwise it is skipped.",
            "This decision applies to the %(counter)s selected %(name_plural)s; those not submitted are skipped.",
            count,
        ) % {"counter": count, "name": self.opts.verbose_name, "name_plural": self.opts.verbose_name_plural}
        page = ask(self, request, queryset, form=form, action=action_name, title=title, intro=intro)
        if page is not None:
            return page
        try:
            done, skipped = listings_bulk_moderate(
                listings=queryset, actor=request.user, action=action, reason=form.cleaned_data["reason"]
            )
        except MarketplaceError as exc:
            self.message_user(request, str(exc.message), messages.ERROR)
        else:
            self._bulk_message(request, action, done, skipped)
        return None


# --- the member network ------------------------------------------------------------------------------------------


class MembershipInline(LabelledTabularInline):
    model = Membership
    fields = ("user", "role", "status", "created_at")
    readonly_fields = ("created_at",)
    raw_id_fields = ("user",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class InstitutionAdminForm(SourceLanguageForm):
    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            try:
                check_upload(logo, allowed=LOGO_TYPES, max_bytes=settings.LOGO_MAX_BYTES)
            except MarketplaceError as exc:
                raise forms.ValidationError(str(exc.message), code=exc.code) from exc
        return logo


@admin.register(Institution)
class InstitutionAdmin(TextEditsAdminMixin, SourceLanguageSearchMixin, TranslatedFieldsetsMixin, TranslationAdmin):
    form = InstitutionAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name_column", "kind", country_column, "is_official_tt", "is_verified")
    list_filter = ("kind", ("country", CountryFilter), "is_official_tt", "is_verified")
    search_fields = ("name_en", "slug", "city")
    source_search_fields = ("name",)
    prepopulated_fields = {"slug": ("name_en",)}
    readonly_fields = ("created_at", "updated_at")
    inlines = (MembershipInline,)
    actions = ("mark_verified",)
    base_fieldsets = [
        (SOURCE_TEXTS, {"fields": ("name", "description")}),
        (None, {"fields": ("slug", "source_language", "kind", "country", "city", "website", "logo")}),
        (_("Status in the network"), {"fields": ("is_official_tt", "is_verified", "created_at", "updated_at")}),
    ]

    @admin.display(description=_("name"), ordering="name_en")
    def name_column(self, obj: Institution) -> str:
        return str(obj)

    @admin.action(description=_("Mark selected institutions as verified"), permissions=["change"])
    def mark_verified(self, request: HttpRequest, queryset: QuerySet) -> None:
        # A plain flag, the same write as ticking the box on the form; no rule beyond staff permission.
        count = queryset.filter(is_verified=False).update(is_verified=True)
        self.message_user(request, gettext("%(count)d institution(s) marked verified.") % {"count": count})


@admin.register(TechnologyField)
class TechnologyFieldAdmin(TranslatedFieldsetsMixin, TranslationAdmin):
    list_display = ("name_column", "slug", "icon", "position")
    list_editable = ("position",)
    search_fields = ("name_en", "slug")
    ordering = ("position", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    base_fieldsets = [(SOURCE_TEXTS, {"fields": ("name",)}), (None, {"fields": ("slug", "icon", "position")})]

    @admin.display(description=_("name"), ordering="name_en")
    def name_column(self, obj: TechnologyField) -> str:
        return str(obj)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "institution", "role", "status", "created_at")
    list_filter = ("status", "role")
    list_select_related = ("user", "institution")
    search_fields = ("user__email", "user__display_name", "institution__name_en", "institution__slug")
    raw_id_fields = ("user", "institution")
    readonly_fields = ("created_at",)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are sent by institution admins from the site; staff read them and may revoke (delete) one."""

    list_display = ("email", "institution", "role", "invited_by", "created_at", "accepted_at")
    list_filter = ("role", ("accepted_at", admin.EmptyFieldListFilter))
    list_select_related = ("institution", "invited_by")
    search_fields = ("email", "institution__name_en")
    fields = ("institution", "email", "role", "token", "invited_by", "created_at", "accepted_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


# --- read-only records --------------------------------------------------------------------------------------------


class ListingTypeFilter(admin.SimpleListFilter):
    """Achievements, demands (and later listing types): only the kinds that have an audit trail."""

    title = _("listing type")
    parameter_name = "type"

    def lookups(self, request, model_admin):
        ids = ModerationEvent.objects.order_by().values_list("content_type", flat=True).distinct()
        types = [ContentType.objects.get_for_id(pk) for pk in ids]
        return [(str(ct.pk), capfirst(ct.model_class()._meta.verbose_name_plural)) for ct in types if ct.model_class()]

    def queryset(self, request, queryset):
        return queryset.filter(content_type_id=self.value()) if self.value() else queryset


@admin.register(ModerationEvent)
class ModerationEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail across all listings, for reading only."""

    list_display = ("created_at", "listing_link", "actor", "action", "transition", "short_reason")
    list_filter = ("action", ListingTypeFilter)
    list_select_related = ("actor", "content_type")
    search_fields = ("reason", "actor__email", "actor__display_name")
    date_hierarchy = "created_at"
    fields = ("created_at", "listing_link", "actor", "action", "from_state", "to_state", "reason")
    readonly_fields = fields

    @admin.display(description=pgettext_lazy("moderation event", "listing"))
    def listing_link(self, obj: ModerationEvent) -> str:
        ct = obj.content_type
        url = reverse(f"admin:{ct.app_label}_{ct.model}_change", args=[obj.object_id])
        return format_html('<a href="{}">{} #{}</a>', url, ct.name, obj.object_id)

    @admin.display(description=_("from → to"))
    def transition(self, obj: ModerationEvent) -> str:
        return f"{obj.get_from_state_display()} → {obj.get_to_state_display()}"

    @admin.display(description=_("reason"))
    def short_reason(self, obj: ModerationEvent) -> str:
        return Truncator(obj.reason).chars(80)


@admin.register(TransferMode)
class TransferModeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Fixed rows (a data migration); their labels come from the code's translation catalogue."""

    list_display = ("code", "label")
    fields = ("code", "label")
    readonly_fields = fields
