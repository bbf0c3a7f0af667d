"""Compile every locale/*/LC_MESSAGES/*.po (and the country names of locale-cldr/) into .mo with polib (no gettext).

    python scripts/compile_messages.py            # only catalogues whose .po is newer than the .mo
    python scripts/compile_messages.py --force    # all of them

Fuzzy and untranslated entries are left out of the .mo (as msgfmt does), so Django falls back to the English text.
A catalogue whose header has no valid Plural-Forms (the "nplurals=INTEGER; plural=EXPRESSION" of a fresh template) is
skipped with a warning: Django could not even activate that language with it, and every page in it would fail.
Each .mo is written to a temporary file and renamed into place: parallel runs (pytest-xdist workers, a build) never
leave a half-written catalogue for Django to read.
"""

from __future__ import annotations

import argparse
import gettext
import os
import re
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"
# Country names from CLDR for the languages django-countries has no catalogue for (scripts/country_catalogues.py).
CLDR_LOCALE_DIR = ROOT / "locale-cldr"


def is_up_to_date(po_path: Path, mo_path: Path) -> bool:
    return mo_path.exists() and mo_path.stat().st_mtime_ns >= po_path.stat().st_mtime_ns


def plural_forms_error(catalogue: polib.POFile) -> str | None:
    """Why the catalogue's Plural-Forms header is unusable, or None when gettext can evaluate it."""
    header = catalogue.metadata.get("Plural-Forms", "")
    match = re.search(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+)", header)
    if not match:
        return f"no valid Plural-Forms header ({header!r})"
    try:
        gettext.c2py(match.group(2))
    except (ValueError, RecursionError) as exc:
        return f"invalid plural expression in {header!r}: {exc}"
    return None


def compile_catalogue(po_path: Path, mo_path: Path) -> None:
    catalogue = polib.pofile(str(po_path))
    problem = plural_forms_error(catalogue)
    if problem:
        raise ValueError(problem)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{mo_path.name}.", dir=mo_path.parent)
    os.close(fd)
    try:
        catalogue.save_as_mofile(tmp_name)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, mo_path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def compile_messages(locale_dir: Path = LOCALE_DIR, *, force: bool = False) -> list[Path]:
    """Compile the catalogues under ``locale_dir`` that need it; returns the .mo files written."""
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if not force and is_up_to_date(po_path, mo_path):
            continue
        try:
            compile_catalogue(po_path, mo_path)
        except ValueError as exc:
            print(f"warning: {po_path.relative_to(locale_dir)} not compiled: {exc}", file=sys.stderr)
            continue
        written.append(mo_path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--force", action="store_true", help="compile even the catalogues that are up to date")
    parser.add_argument("--locale-dir", type=Path, action="append", help="default: locale/ and locale-cldr/")
    args = parser.parse_args(argv)
    for locale_dir in args.locale_dir or [LOCALE_DIR, CLDR_LOCALE_DIR]:
        if not locale_dir.is_dir():
            print(f"no {locale_dir}: nothing to compile", file=sys.stderr)
            continue
        try:
            written = compile_messages(locale_dir, force=args.force)
        except OSError as exc:
            print(f"compile_messages: {exc}", file=sys.stderr)
            return 1
        for mo_path in written:
            print(f"compiled {locale_dir.name}/{mo_path.relative_to(locale_dir)}")
        total = len(list(locale_dir.glob("*/LC_MESSAGES/*.po")))
        print(
            f"{locale_dir.name}: {len(written)} of {total} catalogues compiled (the others were up to date, or skipped)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
