"""Country fields check codes against the country list, in any language, without walking the translated choices."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from demands.models import Demand
from marketplace.models import Institution

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "zh-hans", "ar"])
def test_a_known_code_is_valid_and_an_unknown_one_is_refused(language):
    field = Institution._meta.get_field("country")
    with translation.override(language):
        field.validate("BR", None)
        with pytest.raises(ValidationError) as refused:
            field.validate("XX", None)
    assert refused.value.code == "invalid_choice"


def test_blank_is_refused_where_the_field_requires_a_country():
    with pytest.raises(ValidationError) as refused:
        Institution._meta.get_field("country").validate("", None)
    assert refused.value.code == "blank"


def test_each_of_several_countries_is_checked():
    field = Demand._meta.get_field("preferred_countries")
    field.validate(["CN", "IN"], None)
    field.validate([], None)
    with pytest.raises(ValidationError) as refused:
        field.validate(["CN", "ZZ"], None)
    assert refused.value.params == {"value": "ZZ"}


def test_migrations_match_the_models(capsys):
    """The project's field is django-countries' in the migrations: no migration is missing (nor any other)."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=1)
    assert "No changes detected" in capsys.readouterr().out
