"""The forms of the import page: upload a file, start its import, export a portfolio."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from bulk.columns import KIND_CHOICES
from bulk.exports import FORMATS
from marketplace.forms import style_widgets
from marketplace.models import Institution


class _InstitutionForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none(), to_field_name="slug", empty_label=None
    )
    kind = forms.ChoiceField(label=_("Listing type"), choices=KIND_CHOICES)

    def __init__(self, *args, institutions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions
        style_widgets(self)


class ImportForm(_InstitutionForm):
    language = forms.ChoiceField(label=_("Language of the file"), choices=settings.LANGUAGES)
    file = forms.FileField(label=_("CSV or XLSX file"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "One listing per row, in one language. At most %(size)s and %(rows)s rows."
        ) % {
            "size": filesizeformat(settings.BULK_IMPORT_MAX_BYTES),
            "rows": f"{settings.BULK_IMPORT_MAX_ROWS:,}",
        }
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"


class ExportForm(_InstitutionForm):
    format = forms.ChoiceField(label=_("Format"), choices=[(fmt, fmt.upper()) for fmt in FORMATS])
    language = forms.ChoiceField(
        label=_("Written in"), choices=[("", _("Every language")), *settings.LANGUAGES], required=False
    )


class StartForm(forms.Form):
    submit_for_review = forms.BooleanField(
        label=_("Submit the imported drafts for moderation"),
        required=False,
        help_text=_("Otherwise they stay drafts that you can review and submit one by one."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)
