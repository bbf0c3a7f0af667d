"""Write country-name catalogues for the site languages that django-countries ships no translation for.

    python scripts/country_catalogues.py

django-countries translates its English country names with gettext, and ships catalogues for about half of the 17
languages (not hi, am, id, ms, th, kk, uz or sw: there every country read in English). This script takes the names
from the CLDR data that Babel ships and writes them as ``locale-cldr/<locale>/LC_MESSAGES/django.po``, keyed by
django-countries' English names; settings put that directory in LOCALE_PATHS after ``locale/``, so Django's gettext
finds them wherever django-countries asks (forms, templates, facets). `make compile-messages` compiles them with the
project's catalogues. Re-run it after upgrading django-countries or Babel.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib
from babel import Locale

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "locale-cldr"
sys.path.insert(0, str(ROOT))


def languages_without_catalogue() -> list[str]:
    import django_countries
    from django.utils.translation import to_locale

    from brics_ttc.languages import LANGUAGE_CODES

    shipped = Path(django_countries.__file__).resolve().parent / "locale"
    return [code for code in LANGUAGE_CODES if code != "en" and not (shipped / to_locale(code)).is_dir()]


def english_names() -> list[tuple[str, str]]:
    from django.utils import translation
    from django_countries.base import CountriesBase
    from django_countries.data import COUNTRIES

    # Both the official names and the common ones django-countries shows by default ("Russia", "Iran").
    with translation.override(None):
        names = [(code, str(name)) for code, name in COUNTRIES.items()]
        names += [(code, str(name)) for code, name in CountriesBase.COMMON_NAMES.items()]
    return names


def write_catalogue(code: str, names: list[tuple[str, str]]) -> int:
    from django.utils.translation import to_locale

    cldr = Locale.parse(code.replace("-", "_"))
    project_catalogue = polib.pofile(str(ROOT / "locale" / to_locale(code) / "LC_MESSAGES" / "django.po"))
    catalogue = polib.POFile(wrapwidth=79)
    catalogue.metadata = {
        "Project-Id-Version": "BRICS TTC country names (CLDR via Babel)",
        "Language": to_locale(code),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": project_catalogue.metadata["Plural-Forms"],
    }
    for country, english in sorted(set(names), key=lambda item: item[1]):
        translated = cldr.territories.get(country)
        if translated and translated != english and catalogue.find(english) is None:
            catalogue.append(polib.POEntry(msgid=english, msgstr=translated))
    path = OUTPUT / to_locale(code) / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(path))
    return len(catalogue)


def main() -> int:
    import django
    from django.conf import settings

    settings.configure(USE_I18N=True)
    django.setup()
    names = english_names()
    for code in languages_without_catalogue():
        print(f"{code}: {write_catalogue(code, names)} country names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
