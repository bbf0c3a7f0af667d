"""Form pieces shared by the achievement and demand forms: multiple uploads, money, texts in the source language.

The forms only shape and check input; the services (``achievement_create`` / ``achievement_update``) decide and write.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from marketplace.errors import UploadRejected
from marketplace.forms import style_widgets
from marketplace.held_uploads import held_files, held_uploads_of
from marketplace.i18n import column
from marketplace.models import Currency, HeldUpload, Institution, Listing, TechnologyField
from marketplace.money import PRICE_DECIMALS, PRICE_MAX_DIGITS
from marketplace.selectors import user_active_institutions
from marketplace.uploads import ATTACHMENT_TYPES, check_upload, check_uploads
from marketplace.validators import PlainDecimalFormField

ACCEPTED_EXTENSIONS = ",".join(ATTACHMENT_TYPES)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content (``check_upload``), errors name the file."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_EXTENSIONS}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None) -> list[UploadedFile]:
        files = list(data) if isinstance(data, list | tuple) else ([data] if data else [])
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        cleaned: list[UploadedFile] = []
        errors: list[ValidationError] = []
        for upload in files:
            try:
                upload = forms.FileField.clean(self, upload, initial)
                check_upload(upload)
            except ValidationError as exc:
                errors.extend(exc.error_list)
            except UploadRejected as exc:
                errors.append(ValidationError(str(exc.message), code=exc.code))
            else:
                cleaned.append(upload)
        if errors:
            raise ValidationError(errors)
        return cleaned


class AttachmentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        label = f"{obj.original_name} ({filesizeformat(obj.size)})"
        if getattr(obj, "is_confidential", False):
            label = _("%(file)s – confidential") % {"file": label}
        return label


def money_field(label, *, negative_message) -> forms.DecimalField:
    return PlainDecimalFormField(
        label=label,
        required=False,
        max_digits=PRICE_MAX_DIGITS,
        decimal_places=PRICE_DECIMALS,
        min_value=0,
        error_messages={
            "invalid": _("Enter an amount as a number, e.g. 250000 or 250000.50."),
            "min_value": negative_message,
            "max_digits": _("That amount is too large: at most %(max)s digits in total."),
            "max_decimal_places": _("Use at most %(max)s decimal places."),
            "max_whole_digits": _("That amount is too large."),
        },
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
    )


def currency_field(label) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=[("", _("Choose a currency")), *Currency.choices])


class ListingForm(forms.Form):
    """What achievement and demand forms share: language, field, institution, country, attachments, error mapping.

    ``listing`` is the object being edited (None when creating); ``user`` is who writes.
    """

    text_fields: tuple[str, ...] = ()
    file_fields: tuple[str, ...] = ("attachments",)
    m2m_field = ""

    source_language = forms.ChoiceField(
        label=_("Language written in"),
        choices=settings.LANGUAGES,
        help_text=_("The language of the texts below. Readers of other languages get a translation later."),
    )
    field = forms.ModelChoiceField(
        label=_("Technology field"), queryset=TechnologyField.objects.all(), empty_label=_("Choose a field")
    )
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.none(),
        required=False,
        empty_label=_("Personal listing (no institution)"),
        help_text=_("Post on behalf of an institution you are an active member of."),
    )
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        help_text=_("Leave empty to use the country of the institution (or your own)."),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        help_text=_("PDF, images, Word, Excel or PowerPoint files; visible to everyone who can see the listing."),
    )

    def __init__(self, *args, user, listing: Listing | None = None, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.user = user
        self.listing = listing
        self.fields["institution"].queryset = user_active_institutions(user=user).order_by("name")
        self.fields["country"].choices = [("", _("Automatic")), *countries]
        self.fields["source_language"].initial = user.preferred_language or settings.LANGUAGE_CODE
        self.existing_attachments = list(listing.attachments.all()) if listing is not None else []
        if self.existing_attachments:
            self.fields["remove_attachments"] = AttachmentChoiceField(
                label=_("Remove attachments"),
                queryset=listing.attachments.all(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Ticked files are deleted when you save."),
            )
        # Files kept after an earlier error (marketplace/held_uploads.py): only the user's own can be named.
        self.fields["held_uploads"] = forms.ModelMultipleChoiceField(
            label=_("Files kept from your last try"),
            queryset=held_uploads_of(user=user),
            required=False,
            widget=forms.MultipleHiddenInput,
        )
        self.offered_held: list[HeldUpload] = []
        if listing is not None:
            self.initial.update(self.initial_from(listing))
        self.fields["attachments"].help_text = _(
            "Up to %(count)s files of at most %(size)s each. Accepted: PDF, PNG, JPEG, WebP, DOCX, XLSX, PPTX."
        ) % {"count": settings.ATTACHMENT_MAX_FILES, "size": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}
        style_widgets(self)

    def initial_from(self, listing: Listing) -> dict:
        initial = {
            "source_language": listing.source_language,
            "field": listing.field_id,
            "institution": listing.institution_id,
            "country": listing.country.code if listing.country else "",
        }
        for name in self.text_fields:
            initial[name] = listing.text(name, listing.source_language)
        if self.m2m_field:
            initial[self.m2m_field] = [mode.pk for mode in getattr(listing, self.m2m_field).all()]
        return initial

    def clean(self) -> dict:
        cleaned = super().clean()
        removed = {item.pk for item in cleaned.get("remove_attachments") or ()}
        kept = sum(1 for item in self.existing_attachments if item.pk not in removed)
        held = [item for item in cleaned.get("held_uploads") or () if item.form_field in self.file_fields]
        self.offered_held = list(held)
        new_files = [upload for name in self.file_fields for upload in cleaned.get(name) or ()]
        if new_files:
            try:
                check_uploads(new_files, already_attached=kept + len(held))
            except UploadRejected as exc:
                target = next(name for name in self.file_fields if cleaned.get(name))
                self.add_error(target, str(exc.message))
        elif held and kept + len(held) > settings.ATTACHMENT_MAX_FILES:
            self.add_error(
                "attachments",
                _("A listing can have at most %(limit)s attachments; remove some first.")
                % {"limit": settings.ATTACHMENT_MAX_FILES},
            )
        if held and not self.errors:
            # The kept files join the new ones of their field: the services check and store them alike.
            for name, files in held_files(held).items():
                cleaned[name] = [*files, *(cleaned.get(name) or ())]
        return cleaned

    def uploads_to_hold(self) -> dict[str, list]:
        """After a failed save: the new files of each file field that had no error (they passed their checks)."""
        if not self.files:
            return {}
        return {
            name: uploads
            for name in self.file_fields
            if name not in self.errors and (uploads := self.files.getlist(self.add_prefix(name)))
        }

    def offer_held(self, held: list[HeldUpload]) -> None:
        """Offer these files (ticked) on the re-rendered page, besides those already kept."""
        self.offered_held = [*self.offered_held, *held]

    @property
    def held_used(self) -> list[HeldUpload]:
        return list(self.cleaned_data.get("held_uploads") or ()) if hasattr(self, "cleaned_data") else []

    @property
    def had_files(self) -> bool:
        """Whether files were sent that could not be kept (their own field had an error): the page asks for them."""
        if not self.files:
            return False
        return any(self.files.getlist(self.add_prefix(name)) for name in self.file_fields if name in self.errors)

    # --- handing the input to the services -------------------------------------------------------------------

    def common_data(self) -> dict:
        cleaned = self.cleaned_data
        data = {
            "source_language": cleaned["source_language"],
            "field": cleaned["field"],
            "institution": cleaned.get("institution"),
        }
        if cleaned.get("country") or self.listing is not None:
            # On edit an emptied country is recomputed by the service from the institution or the owner.
            data["country"] = cleaned.get("country") or ""
        return data

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in self.text_fields}

    def remove_attachment_ids(self) -> list[int]:
        return [item.pk for item in self.cleaned_data.get("remove_attachments") or ()]

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put a service's ValidationError on the matching fields (texts come back under their language column)."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return
        for key, messages in exc.message_dict.items():
            self.add_error(self._field_for_error(key), messages)

    def _field_for_error(self, key: str) -> str | None:
        if key in self.fields:
            return key
        for name in self.text_fields:
            if any(key == column(name, code) for code, _label in settings.LANGUAGES):
                return name
        return None
