"""Write translations kept in JSON files into the catalogues of locale/.

    python scripts/fill_translations.py FILE.json [FILE.json ...] [--overwrite] [--english]

Each file maps a language code (as in brics_ttc/languages.py: ``zh-hans``, ``pt-br``...) to ``{msgid: translation}``;
a plural entry's translation is a list with one string per plural form. Only entries that `make messages` already put
in the catalogue are filled (run it first); an entry that has a translation keeps it unless ``--overwrite`` is given.
Entries that are filled lose their fuzzy flag. polib wraps lines its own way: run `make messages` once more afterwards
so that gettext rewraps them (otherwise every catalogue changes everywhere and merges conflict). Keeping a feature's
translations in such a file lets a branch re-apply them after taking another branch's catalogues in a merge, instead
of resolving conflicts line by line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def locale_name(code: str) -> str:
    language, _, region = code.partition("-")
    if not region:
        return language
    return f"{language}_{region.title() if len(region) > 2 else region.upper()}"


def fill(
    catalogue: polib.POFile, translations: dict[str, str | list[str]], *, overwrite: bool
) -> tuple[int, list[str]]:
    filled, unknown = 0, []
    for msgid, translation in translations.items():
        entry = catalogue.find(msgid)
        if entry is None or entry.obsolete:
            unknown.append(msgid)
            continue
        if entry.msgid_plural:
            forms = translation if isinstance(translation, list) else [translation]
            if any(entry.msgstr_plural.values()) and not overwrite and "fuzzy" not in entry.flags:
                continue
            entry.msgstr_plural = dict(enumerate(forms))
        else:
            if entry.msgstr and not overwrite and "fuzzy" not in entry.flags:
                continue
            entry.msgstr = translation if isinstance(translation, str) else translation[0]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        filled += 1
    return filled, unknown


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--overwrite", action="store_true", help="replace translations that are already there")
    parser.add_argument(
        "--english", action="store_true", help="also fill the English catalogue's empty entries with their msgid"
    )
    args = parser.parse_args()
    by_language: dict[str, dict] = {}
    for path in args.files:
        for code, translations in json.loads(path.read_text(encoding="utf-8")).items():
            by_language.setdefault(code, {}).update(translations)
    if args.english:
        english = polib.pofile(str(ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"))
        by_language.setdefault("en", {}).update(
            {
                entry.msgid: [entry.msgid, entry.msgid_plural] if entry.msgid_plural else entry.msgid
                for entry in english
                if not entry.obsolete
                and ("fuzzy" in entry.flags or not (entry.msgstr or any(entry.msgstr_plural.values())))
            }
        )
    status = 0
    for code, translations in sorted(by_language.items()):
        po_path = ROOT / "locale" / locale_name(code) / "LC_MESSAGES" / "django.po"
        if not po_path.exists():
            print(f"{code}: no catalogue at {po_path}", file=sys.stderr)
            status = 1
            continue
        catalogue = polib.pofile(str(po_path), wrapwidth=79)
        filled, unknown = fill(catalogue, translations, overwrite=args.overwrite)
        if filled:
            catalogue.save()
        print(
            f"{code}: {filled} filled"
            + (f", {len(unknown)} not in the catalogue (run `make messages`)" if unknown else "")
        )
    return status


if __name__ == "__main__":
    sys.exit(main())
