"""The embedded engine's text analysis: one tantivy analyzer per language, the light inflections of Spanish,
Portuguese and French, and the word-level helpers of the typo rule (search.backends.common).

Snowball stemmers where tantivy has them, character 1-2-grams for Chinese and Thai (no spaces between words), a
Unicode word tokenizer for the rest.
"""

from __future__ import annotations

import re

import tantivy

from search.backends.common import FUZZY_MIN_CHARS, FUZZY_TWO_EDITS_CHARS

STEMMERS = {"en": "english", "ru": "russian", "ar": "arabic"}
ASCII_FOLDED = {"pt-br", "es", "fr"}
# Spanish, Portuguese and French are indexed unstemmed (lowercased, accents folded): tantivy's Snowball stemmers for
# them cut so deep that unrelated words meet (Spanish "solar", "sólido" and "solo" all become "sol"). The query side
# matches a word's number and gender forms instead (see _light_key), as Elasticsearch's light stemmers do.
LIGHT_INFLECTION_LANGUAGES = {"es", "pt-br", "fr"}
LIGHT_MIN_CHARS = 5  # shorter words are matched as they are
LIGHT_MIN_KEY_CHARS = 4  # an ending is only removed when this much of the word is left
MAX_FORMS = 12
_VOWELS = frozenset("aeiou")
# Portuguese plurals that change more than an "s" (folded: soluções -> solucoes).
_PORTUGUESE_PLURALS = (
    ("oes", "ao"),
    ("aes", "ao"),
    ("aos", "ao"),
    ("ais", "al"),
    ("eis", "el"),
    ("ois", "ol"),
    ("uis", "ul"),
    ("ns", "m"),
)
# Endings tried when listing the forms of a word; only those with the word's own key are kept.
_FORM_ENDINGS = (
    "",
    "a",
    "o",
    "e",
    "s",
    "x",
    "as",
    "os",
    "es",
    "ee",
    "ees",
    "ao",
    "oes",
    "aes",
    "aos",
    "al",
    "ais",
    "el",
    "eis",
    "ol",
    "ois",
    "ul",
    "uis",
    "m",
    "ns",
    "eau",
    "eaux",
    "aux",
)

NGRAM_LANGUAGES = {"zh-hans", "th"}
# Snowball Russian keeps the stem vowel in some cases only (батарея -> батаре, батареи -> батар): the query side
# strips trailing vowels from the stem and matches it as a prefix.
PREFIX_STEM_LANGUAGES = {"ru": "аеиоуыэюяйь"}

WORD_PATTERN = r"[\p{L}\p{M}\p{N}]+"
# Chinese, Japanese kana, Hangul and Thai runs are separated from other scripts before analysis.
DENSE_SCRIPT = re.compile(
    "([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u0e00-\u0e7f\U00020000-\U0002ffff]+)"
)
MAX_TOKEN_CHARS = 40


def lang_slug(lang: str) -> str:
    return lang.replace("-", "_")


def text_field(name: str, lang: str) -> str:
    return f"{name}_{lang_slug(lang)}"


def language_analyzer(lang: str) -> tantivy.TextAnalyzer:
    if lang in NGRAM_LANGUAGES:
        return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.ngram(1, 2)).filter(tantivy.Filter.lowercase()).build()
    builder = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(WORD_PATTERN))
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_CHARS))
        .filter(tantivy.Filter.lowercase())
    )
    if lang in STEMMERS:
        builder = builder.filter(tantivy.Filter.stemmer(STEMMERS[lang]))
    if lang in ASCII_FOLDED:
        builder = builder.filter(tantivy.Filter.ascii_fold())
    return builder.build()


def words_analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(WORD_PATTERN))
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_CHARS))
        .filter(tantivy.Filter.lowercase())
        .build()
    )


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _strip_plural(word: str) -> str:
    if word.endswith("es") and word[-3] not in _VOWELS and len(word) - 2 >= LIGHT_MIN_KEY_CHARS:
        return word[:-2]  # solares -> solar
    if word.endswith("s") and word[-2] in _VOWELS:
        return word[:-1]  # baterias -> bateria
    return word


def _light_key(word: str, lang: str) -> str:
    """What the number and gender forms of a folded Spanish/Portuguese/French word share ("baterias" -> "bateri")."""
    if len(word) < LIGHT_MIN_CHARS:
        return word
    if lang == "fr":
        if word.endswith("eaux"):
            word = word[:-1]
        elif word.endswith("aux"):
            word = word[:-2] + "l"  # canaux -> canal
        elif word[-1] in "sx":
            word = word[:-1]
        # Mute "e", twice for the feminine of a participle (développée, développé -> developp).
        for _ in range(2):
            if word.endswith("e") and len(word) > LIGHT_MIN_KEY_CHARS:
                word = word[:-1]
        return word
    if lang == "pt-br":
        for plural, singular in _PORTUGUESE_PLURALS:
            if word.endswith(plural):
                word = word[: -len(plural)] + singular
                break
        else:
            word = _strip_plural(word)
    else:
        word = _strip_plural(word)
    if word[-1] in "aoe" and len(word) > LIGHT_MIN_KEY_CHARS:
        word = word[:-1]
    return word


def light_forms(word: str, lang: str) -> list[str]:
    """The word and its other number/gender forms (the words with the same light key), most likely first."""
    key = _light_key(word, lang)
    if key == word and len(word) < LIGHT_MIN_CHARS:
        return [word]
    forms = {word: None}
    for stem in dict.fromkeys((key, word, key[:-1], key[:-2])):
        if len(stem) < LIGHT_MIN_KEY_CHARS - 1:
            continue
        for ending in _FORM_ENDINGS:
            form = stem + ending
            if form not in forms and _light_key(form, lang) == key:
                forms[form] = None
                if len(forms) >= MAX_FORMS:
                    return list(forms)
    return list(forms)


def fuzzy_distance(word: str) -> int:
    """How many edits a query word may be away from a listing's word (0: it must match exactly)."""
    if len(word) >= FUZZY_TWO_EDITS_CHARS:
        return 2
    return 1 if len(word) >= FUZZY_MIN_CHARS else 0


def dense_split(text: str) -> str:
    """Put spaces around CJK/Thai runs so "solar电池" is two words in every analyzer."""
    return DENSE_SCRIPT.sub(r" \1 ", text)
