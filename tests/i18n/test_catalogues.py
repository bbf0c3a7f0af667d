"""The message catalogues: complete for the five most used languages, and safe to format for all 17.

- Complete: Django's makemessages, run on a copy of the sources into a copy of the catalogues, finds no msgid that the
  committed catalogue lacks (needs GNU gettext; skipped with the reason when xgettext is absent, never under
  `make test-services`, which installs it).
- No fuzzy and no empty entry (each plural form counts) in en, zh-hans, ru, pt-br and ar.
- In every catalogue, a translation uses the same placeholders as its msgid: a missing ``%(title)s`` loses the title,
  an unknown one makes the page fail when the string is formatted.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils.translation import to_locale

from scripts.compile_messages import plural_forms_error
from tests.i18n.conftest import catalogue, catalogue_path

MAIN_LANGUAGES = ["en", "zh-hans", "ru", "pt-br", "ar"]
ALL_LANGUAGES = [code for code, _name in settings.LANGUAGES]
# What `make messages` leaves out of the scan (its --ignore options), plus what holds no source at all.
NOT_SCANNED = {".git", ".venv", "var", "locale", "node_modules", "tests", "bench", "scripts", "test-results"}
NOT_SCANNED_PATHS = {Path("static") / "vendor"}
SOURCE_SUFFIXES = {".py", ".html", ".txt"}  # makemessages' default extensions for the "django" domain
GETTEXT_TOOLS = ["xgettext", "msgmerge", "msguniq", "msgattrib"]
# %(name)s, %s, %d ... (python-format, what Django's templates and gettext calls produce); %% is a literal percent.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def placeholders(text: str) -> list[str]:
    return sorted(match for match in PLACEHOLDER.findall(text) if match != "%%")


def entry_label(entry: polib.POEntry) -> str:
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return f"{context}{entry.msgid!r} ({entry.occurrences[0][0] if entry.occurrences else 'no reference'})"


def copy_sources(destination: Path) -> None:
    """The translatable files of the project (as `make messages` scans them), copied under ``destination``."""
    root = Path(settings.BASE_DIR)
    for dirpath, dirnames, filenames in os.walk(root):
        relative = Path(dirpath).relative_to(root)
        dirnames[:] = [
            name
            for name in dirnames
            if not name.startswith(".")
            and name != "__pycache__"
            and not (relative == Path(".") and name in NOT_SCANNED)
            and relative / name not in NOT_SCANNED_PATHS
        ]
        for name in filenames:
            if Path(name).suffix in SOURCE_SUFFIXES:
                target = destination / relative / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(dirpath) / name, target)


def regenerated_catalogues(workdir: Path) -> dict[str, polib.POFile]:
    """What `make messages` would make of the main catalogues now, computed in ``workdir``; the tree is not touched.

    makemessages writes each catalogue into the locale path that the scanned files live under, so it runs on a copy
    of the sources with a copy of the catalogues beside them.
    """
    copy_sources(workdir)
    locale_dir = workdir / "locale"
    for language in MAIN_LANGUAGES:
        target = locale_dir / to_locale(language) / "LC_MESSAGES" / "django.po"
        target.parent.mkdir(parents=True)
        shutil.copyfile(catalogue_path(language), target)
    cwd = Path.cwd()
    os.chdir(workdir)
    try:
        with override_settings(LOCALE_PATHS=[locale_dir]):
            call_command(
                "makemessages",
                locale=[to_locale(language) for language in MAIN_LANGUAGES],
                no_obsolete=True,
                verbosity=0,
            )
    finally:
        os.chdir(cwd)
    return {
        language: polib.pofile(str(locale_dir / to_locale(language) / "LC_MESSAGES" / "django.po"))
        for language in MAIN_LANGUAGES
    }


def test_main_catalogues_contain_every_string_the_code_and_templates_use(tmp_path):
    missing_tools = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing_tools:
        pytest.skip(
            f"GNU gettext is not installed ({', '.join(missing_tools)} missing): makemessages cannot run "
            "(apt-get install gettext; `make test-services` installs it)"
        )
    # One test for the five languages: makemessages scans the whole tree once for all of them.
    regenerated = regenerated_catalogues(tmp_path)

    missing = {}
    for language, fresh in regenerated.items():
        known = {(entry.msgctxt, entry.msgid) for entry in catalogue(language) if not entry.obsolete}
        lacking = [entry_label(entry) for entry in fresh if (entry.msgctxt, entry.msgid) not in known]
        if lacking:
            missing[language] = lacking
    assert not missing, "strings used by the code but absent from the catalogue (run `make messages`, translate):\n" + (
        "\n".join(f"{language}: {len(labels)} missing, e.g. {labels[:10]}" for language, labels in missing.items())
    )


@pytest.mark.parametrize("language", MAIN_LANGUAGES)
def test_main_catalogue_has_no_fuzzy_entry(language):
    fuzzy = [entry_label(entry) for entry in catalogue(language).fuzzy_entries()]

    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy entries (review them, then drop the flag): {fuzzy[:10]}"


@pytest.mark.parametrize("language", MAIN_LANGUAGES)
def test_main_catalogue_has_no_empty_translation(language):
    po = catalogue(language)
    plural_forms = po.metadata.get("Plural-Forms", "")
    match = re.search(r"nplurals\s*=\s*(\d+)", plural_forms)
    assert match, f"{language}: the header has no Plural-Forms: {plural_forms!r}"
    nplurals = int(match.group(1))

    empty = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(index, "") for index in range(nplurals)]
            if not all(form.strip() for form in forms):
                empty.append(entry_label(entry))
        elif not entry.msgstr.strip():
            empty.append(entry_label(entry))

    assert not empty, f"{language}: {len(empty)} entries without a translation: {empty[:10]}"


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_translations_keep_the_placeholders_of_their_msgid(language):
    wrong = []
    for entry in catalogue(language):
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            allowed = set(placeholders(entry.msgid)) | set(placeholders(entry.msgid_plural))
            for index, form in entry.msgstr_plural.items():
                # A plural form may leave the number out ("one item", Arabic's dual) but may not bring in a name the
                # code does not pass; the last, most general form keeps every placeholder of msgid_plural.
                if not form:
                    continue
                used = set(placeholders(form))
                general = index == max(entry.msgstr_plural)
                if used - allowed or (general and not used >= set(placeholders(entry.msgid_plural))):
                    wrong.append(f"{entry_label(entry)} form {index}: {form!r}")
        elif entry.msgstr and placeholders(entry.msgstr) != placeholders(entry.msgid):
            wrong.append(f"{entry_label(entry)} -> {entry.msgstr!r}")

    assert not wrong, f"{language}: placeholders differ from the msgid in {len(wrong)} entries: {wrong[:10]}"


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_catalogue_header_has_a_plural_rule_gettext_can_evaluate(language):
    # Without one Django cannot activate the language at all: every page in it would fail.
    assert plural_forms_error(catalogue(language)) is None


def test_every_language_of_the_site_has_a_catalogue():
    assert [language for language in ALL_LANGUAGES if not catalogue_path(language).exists()] == []


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_catalogue_header_is_not_fuzzy(language):
    # gettext ignores a fuzzy header, and with it the Plural-Forms rule.
    assert not catalogue(language).metadata_is_fuzzy
