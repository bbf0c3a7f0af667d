"""Model fields shared by every app."""

from __future__ import annotations

import functools

from django.core import exceptions
from django_countries import countries
from django_countries.fields import CountryField as _CountryField


@functools.cache
def _country_codes() -> frozenset[str]:
    return frozenset(country.code for country in countries)


class CountryField(_CountryField):
    """django-countries' ``CountryField``, whose values are checked against the set of country codes.

    Its choices are a callable (the list follows the active language), so Django's ``Field.validate`` built, translated
    and sorted the whole country list on every ``full_clean`` and then walked it: about a fifth of a bulk import's
    validation time. The codes do not depend on the language; what is checked (a known code, else ``invalid_choice``;
    blank and null as the field says) is the same. Migrations see django-countries' own field: the column, the choices
    and the forms are unchanged.
    """

    def validate(self, value, model_instance) -> None:
        if not self.editable:
            return
        if value not in self.empty_values:
            for code in value if self.multiple else [value]:
                if str(code) not in _country_codes():
                    raise exceptions.ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": code}
                    )
        if value is None and not self.null:
            raise exceptions.ValidationError(self.error_messages["null"], code="null")
        if not self.blank and value in self.empty_values:
            raise exceptions.ValidationError(self.error_messages["blank"], code="blank")

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django_countries.fields.CountryField", args, kwargs
