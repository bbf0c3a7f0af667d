"""Translated fields in the staff's forms: the author's language first, the other 16 folded away, and edits of
the original or of another language's version announced to the translation pipeline."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext
from modeltranslation.translator import translator

from brics_ttc.languages import LANGUAGE_CODES
from marketplace.i18n import column
from marketplace.signals import source_text_changed, text_version_written


def language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


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
