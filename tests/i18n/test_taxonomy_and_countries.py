"""Technology fields and country names read in every site language, not in English."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel import Locale
from django.conf import settings
from django.utils import translation
from django.utils.translation import to_locale
from django_countries import countries

from marketplace.models import TechnologyField
from marketplace.taxonomy import FIELDS

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
CLDR_LANGUAGES = sorted(
    code for code in LANGUAGES if (Path(settings.BASE_DIR) / "locale-cldr" / to_locale(code)).is_dir()
)
BRICS = ("BR", "RU", "IN", "CN", "ZA", "EG", "ET", "IR", "AE", "ID")


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_technology_field_has_a_name_of_its_own_in_each_language(language):
    with translation.override(language):
        english = [field.slug for field in TechnologyField.objects.all() if str(field) == field.name_en]

    assert TechnologyField.objects.count() == len(FIELDS)
    assert english == [], f"{language}: fields still named in English: {english}"


def test_the_languages_django_countries_lacks_have_cldr_catalogues():
    assert CLDR_LANGUAGES == ["am", "hi", "id", "kk", "ms", "sw", "th", "uz"]


@pytest.mark.parametrize("language", CLDR_LANGUAGES)
def test_country_names_come_from_cldr_where_django_countries_has_no_catalogue(language):
    cldr = Locale.parse(language)
    with translation.override(language):
        names = {code: str(countries.name(code)) for code in BRICS}

    assert names == {code: cldr.territories[code] for code in BRICS}


@pytest.mark.parametrize("language", sorted(set(LANGUAGES) - set(CLDR_LANGUAGES)))
def test_country_names_are_translated_by_django_countries_elsewhere(language):
    english = {code: str(countries.name(code)) for code in BRICS}
    with translation.override(language):
        names = {code: str(countries.name(code)) for code in BRICS}

    assert sum(names[code] != english[code] for code in BRICS) >= 5, names


def test_hindi_and_swahili_read_their_own_country_names():
    with translation.override("hi"):
        assert countries.name("IN") == "भारत"
    with translation.override("sw"):
        assert countries.name("ZA") == "Afrika Kusini"
