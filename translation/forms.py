"""The form of one language version of a listing or institution: a person's text per translated field.

It only shapes and checks input; ``translation_save_human`` writes each changed (or confirmed) field as verified.
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from marketplace.i18n import column
from translation.models import TranslationStatus
from translation.registry import translatable_fields

# Fields written as running text get a text area; the others (title, name, keywords) a single line.
LONG_TEXT = (models.TextField,)
CONFIRM_SUFFIX = "__confirm"


class LanguageVersionForm(forms.Form):
    """One text input per translated field of ``obj`` in ``language``, pre-filled with the version stored now.

    A field whose text changed is saved as the person's version; an unchanged machine translation is saved only
    when its "checked" box is ticked (the person vouches for it as it stands). Empty fields are left to the machine.
    """

    def __init__(self, *args, obj: models.Model, language: str, records: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.obj = obj
        self.language = language
        self.names = translatable_fields(obj)
        for name in self.names:
            model_field = obj._meta.get_field(column(name, language))
            current = getattr(obj, column(name, language)) or ""
            widget_attrs = {"lang": language, "dir": "auto", "class": "form-control"}
            if isinstance(model_field, LONG_TEXT):
                widget = forms.Textarea(attrs={**widget_attrs, "rows": 8 if name == "description" else 4})
            else:
                widget = forms.TextInput(attrs=widget_attrs)
            self.fields[name] = forms.CharField(
                label=capfirst(obj._meta.get_field(name).verbose_name),
                required=False,
                max_length=model_field.max_length,
                initial=current,
                widget=widget,
                strip=True,
            )
            record = records.get((name, language))
            if current and (record is None or record.status != TranslationStatus.VERIFIED):
                self.fields[name + CONFIRM_SUFFIX] = forms.BooleanField(
                    label=_("I checked this text: mark it as a verified translation"),
                    required=False,
                    widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
                )

    def rows(self) -> list[dict]:
        """Per translated field: its input, its "checked" box (if any) and the original text beside it."""
        source = self.obj.source_language
        return [
            {
                "name": name,
                "field": self[name],
                "confirm": self[name + CONFIRM_SUFFIX] if name + CONFIRM_SUFFIX in self.fields else None,
                "original": getattr(self.obj, column(name, source)) or "",
            }
            for name in self.names
        ]

    def texts_to_save(self) -> dict[str, str]:
        """The fields a person wrote or vouched for: changed non-empty texts, and unchanged ones ticked "checked"."""
        wanted = {}
        for name in self.names:
            text = self.cleaned_data.get(name, "")
            initial = (self.fields[name].initial or "").strip()
            if text != initial or self.cleaned_data.get(name + CONFIRM_SUFFIX):
                wanted[name] = text
        return wanted
