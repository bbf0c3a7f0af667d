"""The contract every search engine passes (run once per engine registered in tests/search/conftest.py).

Semantics pinned here:
- words of a query are OR-ed and ranked; every language's text of a document is searched;
- filters are AND across facets and OR within one facet; ``trl_min`` and ``trl``/``ip_status`` filters exclude demands;
- facet counts apply every filter except the facet's own (so a reader can widen a facet), and the ``type`` facet
  ignores the ``types`` restriction (tabs show both counts);
- an empty text browses, newest first;
- a hostile query gives a result or BadQuery, never another exception.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from search.backends.base import BadQuery, SearchDocument, SearchQuery


def make_document(pk: int, kind: str, texts: dict, **facets) -> SearchDocument:
    values = {
        "source_language": next(iter(texts)),
        "field": "energy",
        "country": "CN",
        "trl": 5 if kind == "achievement" else None,
        "ip_status": "none" if kind == "achievement" else "",
        "transfer_modes": ("licensing",),
        "institution_type": "university",
        "institution": "",
        "published_at": datetime(2024, 1, 1, tzinfo=UTC),
    }
    values.update(facets)
    return SearchDocument(key=f"{kind}:{pk}", type=kind, pk=pk, texts=texts, **values)


CORPUS = [
    make_document(
        1,
        "achievement",
        {
            "zh-hans": {
                "title": "高能量密度锂电池",
                "summary": "一种用于储能的新型锂电池技术。",
                "keywords": "锂电池, 储能",
            },
            "pt-br": {
                "title": "Bateria de lítio de alta densidade energética",
                "summary": "Uma nova tecnologia de bateria de lítio para armazenamento de energia.",
            },
            "en": {"title": "High energy density lithium battery", "summary": "A new lithium battery technology."},
        },
        country="CN",
        trl=6,
        ip_status="granted_patent",
        transfer_modes=("joint_development", "licensing"),
        institution_type="university",
        institution="kunming-university",
        published_at=datetime(2024, 3, 1, tzinfo=UTC),
    ),
    make_document(
        2,
        "achievement",
        {
            "es": {"title": "Membrana de filtración de agua con grafeno", "summary": "Filtración barata de agua."},
            "pt-br": {"title": "Membrana de filtragem de água com grafeno", "summary": "Filtragem barata de água."},
        },
        field="water",
        country="AR",
        trl=4,
        ip_status="pending_application",
        transfer_modes=("licensing",),
        institution_type="research_institute",
        published_at=datetime(2024, 2, 1, tzinfo=UTC),
    ),
    make_document(
        3,
        "achievement",
        {
            "en": {
                "title": "Recyclable solar batteries for rural microgrids",
                "summary": "Batteries that are <safe> & recyclable, for villages.",
                "description": "Field tests in three provinces.",
            },
            "ru": {"title": "Перерабатываемые солнечные батареи для сельских микросетей", "summary": "Батареи."},
            "pt-br": {"title": "Baterias solares recicláveis para microrredes rurais", "summary": "Baterias."},
        },
        country="ZA",
        trl=8,
        ip_status="none",
        transfer_modes=("assignment",),
        institution_type="enterprise",
        published_at=datetime(2024, 4, 1, tzinfo=UTC),
    ),
    make_document(
        4,
        "demand",
        {
            "ru": {"title": "Нужна батарея для дронов", "description": "Ищем лёгкую батарею для промышленных дронов."},
            "pt-br": {"title": "Precisamos de baterias para drones", "description": "Procuramos baterias leves."},
        },
        country="RU",
        transfer_modes=("joint_development",),
        institution_type="",
        published_at=datetime(2024, 1, 1, tzinfo=UTC),
    ),
    make_document(
        5,
        "demand",
        {
            "pt-br": {
                "title": "Sensor de umidade do solo de baixo custo",
                "description": "Para pequenos agricultores.",
            },
            "en": {"title": "Low-cost soil moisture sensor", "description": "For smallholder farmers."},
        },
        field="agriculture",
        country="BR",
        transfer_modes=("technical_service",),
        institution_type="university",
        published_at=datetime(2024, 5, 1, tzinfo=UTC),
    ),
]
ALL_KEYS = {document.key for document in CORPUS}


@pytest.fixture
def corpus(backend):
    backend.index(CORPUS)
    return backend


def keys(result) -> list[str]:
    return [hit.key for hit in result.hits]


def test_indexed_documents_are_counted_and_found(corpus):
    assert corpus.count() == len(CORPUS)
    assert corpus.healthy()
    result = corpus.search(SearchQuery(text="grafeno"))
    assert keys(result) == ["achievement:2"]
    assert result.total == 1
    hit = result.hits[0]
    assert (hit.type, hit.pk) == ("achievement", 2)


def test_indexing_a_key_again_replaces_the_document(corpus):
    replacement = make_document(2, "achievement", {"en": {"title": "Desalination by solar stills"}}, field="water")
    corpus.index([replacement])
    assert corpus.count() == len(CORPUS)
    assert corpus.search(SearchQuery(text="grafeno")).total == 0
    assert keys(corpus.search(SearchQuery(text="desalination"))) == ["achievement:2"]


def test_delete_removes_documents_and_ignores_unknown_keys(corpus):
    corpus.delete(["achievement:2", "demand:999"])
    assert corpus.count() == len(CORPUS) - 1
    assert corpus.search(SearchQuery(text="grafeno")).total == 0


def test_clear_empties_the_index(corpus):
    corpus.clear()
    assert corpus.count() == 0
    assert corpus.search(SearchQuery()).total == 0


def test_empty_text_browses_everything_newest_first(corpus):
    result = corpus.search(SearchQuery(text=""))
    assert result.total == len(CORPUS)
    assert keys(result) == ["demand:5", "achievement:3", "achievement:1", "achievement:2", "demand:4"]


def test_sort_by_date_orders_matches_newest_first(corpus):
    result = corpus.search(SearchQuery(text="baterias bateria battery", lang="pt-br", sort="date"))
    assert keys(result) == ["achievement:3", "achievement:1", "demand:4"]


def test_pages_do_not_overlap_and_cover_all_results(corpus):
    seen = []
    for offset in (0, 2, 4):
        page = corpus.search(SearchQuery(sort="date", offset=offset, limit=2))
        assert page.total == len(CORPUS)
        seen += keys(page)
    assert len(seen) == len(CORPUS)
    assert set(seen) == ALL_KEYS


def test_filters_are_or_within_a_facet(corpus):
    result = corpus.search(SearchQuery(filters={"country": ("CN", "ZA")}))
    assert set(keys(result)) == {"achievement:1", "achievement:3"}


def test_filters_are_and_across_facets(corpus):
    result = corpus.search(SearchQuery(filters={"country": ("CN", "ZA"), "transfer_mode": ("assignment",)}))
    assert keys(result) == ["achievement:3"]


def test_trl_min_keeps_achievements_at_or_above_the_level(corpus):
    result = corpus.search(SearchQuery(trl_min=6))
    assert set(keys(result)) == {"achievement:1", "achievement:3"}


def test_types_restrict_results_to_one_kind(corpus):
    result = corpus.search(SearchQuery(types=("demand",)))
    assert set(keys(result)) == {"demand:4", "demand:5"}


def test_facet_counts_apply_the_other_facets_filters(corpus):
    result = corpus.search(SearchQuery(filters={"field": ("energy",)}))
    assert result.total == 3
    facets = result.facets
    # The facet's own filter is left out, so the reader sees what else the field facet offers.
    assert facets["field"] == [("energy", 3), ("agriculture", 1), ("water", 1)]
    assert facets["country"] == [("CN", 1), ("RU", 1), ("ZA", 1)]
    assert facets["transfer_mode"] == [("joint_development", 2), ("assignment", 1), ("licensing", 1)]
    assert facets["trl"] == [("6", 1), ("8", 1)]
    assert facets["ip_status"] == [("granted_patent", 1), ("none", 1)]
    assert facets["institution_type"] == [("enterprise", 1), ("university", 1)]
    assert facets["type"] == [("achievement", 2), ("demand", 1)]


def test_type_facet_counts_both_kinds_when_one_is_chosen(corpus):
    result = corpus.search(SearchQuery(types=("achievement",)))
    assert result.total == 3
    assert result.facets["type"] == [("achievement", 3), ("demand", 2)]
    assert result.facets["country"] == [("AR", 1), ("CN", 1), ("ZA", 1)]


def test_facet_counts_follow_the_text_query(corpus):
    result = corpus.search(SearchQuery(text="grafeno"))
    assert result.facets["field"] == [("water", 1)]


def test_snippet_marks_the_terms_and_escapes_the_rest(corpus):
    hit = corpus.search(SearchQuery(text="villages", lang="en")).hits[0]
    assert "<mark>villages</mark>" in hit.snippet
    assert "&lt;safe&gt; &amp;" in hit.snippet
    assert "<safe>" not in hit.snippet


def test_title_is_in_the_readers_language_when_the_listing_has_it(corpus):
    assert corpus.search(SearchQuery(text="microgrids", lang="ru")).hits[0].title.startswith("Перерабатываемые")
    assert corpus.search(SearchQuery(text="microgrids", lang="fr")).hits[0].title.startswith("Recyclable")


def test_matched_language_is_the_language_that_matched(corpus):
    hit = corpus.search(SearchQuery(text="densidade energética", lang="en")).hits[0]
    assert hit.key == "achievement:1"
    assert hit.matched_language == "pt-br"


def test_zero_hit_short_word_gets_a_spelling_suggestion(corpus):
    result = corpus.search(SearchQuery(text="batry", lang="en"))
    assert result.total == 0
    assert result.suggestion == "battery"


def test_misspelt_word_finds_the_listing_and_still_gets_a_spelling_suggestion(corpus):
    result = corpus.search(SearchQuery(text="batery", lang="en"))
    assert keys(result) == ["achievement:1"]  # "battery" is one edit away; "batteries" two, too many for six letters
    assert result.suggestion == "battery"


def test_suggest_completes_titles(corpus):
    assert any(title.startswith("Recyclable solar") for title in corpus.suggest("recycl", lang="en"))
    assert corpus.suggest("", lang="en") == []


HOSTILE = [
    '"unbalanced',
    "(a OR b",
    "title:x AND",
    "* ? \\ ~1 ^2",
    "[a TO b] {c TO d}",
    "!! && || -- ++",
    "/regex.*/",
    "a" * 10_000,
    "battery " * 2_000,
    "бат\u200bарея",
    "\u200b\u200c\u200d\ufeff",
    "solar电池太阳能Батарея",
    "锂电池高能量密度储能技术",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\x00\x01",
    "🔋🔋🔋",
    "الطاقة الشمسية",
    "แบตเตอรี่ลิเธียม",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_give_a_result_or_bad_query(corpus, text):
    try:
        result = corpus.search(SearchQuery(text=text, lang="en"))
    except BadQuery:
        return
    # An answer, and a consistent one: no more hits than the total, none twice.
    assert isinstance(result.total, int)
    assert len(result.hits) <= result.total
    assert len({hit.key for hit in result.hits}) == len(result.hits)


def test_zero_width_characters_inside_a_word_do_not_hide_it(corpus):
    assert "achievement:1" in keys(corpus.search(SearchQuery(text="lith\u200bium")))


def test_cjk_without_spaces_finds_chinese_text(corpus):
    assert keys(corpus.search(SearchQuery(text="锂电池储能", lang="zh-hans")))[0] == "achievement:1"


# --- relevance on the multilingual fixture ---------------------------------------------------------------------


def test_portuguese_query_finds_chinese_authored_achievement_through_its_portuguese_text(corpus):
    hits = corpus.search(SearchQuery(text="bateria de lítio", lang="pt-br")).hits
    assert hits[0].key == "achievement:1"
    assert hits[0].matched_language == "pt-br"


def test_portuguese_query_finds_spanish_and_english_authored_listings_through_translations(corpus):
    assert keys(corpus.search(SearchQuery(text="filtragem", lang="pt-br"))) == ["achievement:2"]
    hits = corpus.search(SearchQuery(text="microrredes recicláveis", lang="pt-br")).hits
    assert hits[0].key == "achievement:3"
    assert hits[0].matched_language == "pt-br"


def test_chinese_two_character_word_finds_chinese_text(corpus):
    assert keys(corpus.search(SearchQuery(text="储能", lang="zh-hans"))) == ["achievement:1"]
    assert keys(corpus.search(SearchQuery(text="电池", lang="zh-hans"))) == ["achievement:1"]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("batteries", "en", "achievement:1"),  # the document says "battery"
        ("battery", "en", "achievement:3"),  # the document says "batteries"
        ("батарея", "ru", "achievement:3"),  # the document says "батареи"
        ("батареи", "ru", "demand:4"),  # the document says "батарея"
        ("baterias", "pt-br", "achievement:1"),  # the document says "bateria"
        ("bateria", "pt-br", "demand:4"),  # the document says "baterias"
    ],
)
def test_stemming_matches_other_forms_of_the_word(corpus, text, lang, expected):
    assert expected in keys(corpus.search(SearchQuery(text=text, lang=lang)))


# --- typos and near words: the same rule on every engine ---------------------------------------------------------
# A word no title or keyword contains matches words one edit away from 6 characters on, two edits from 8 on; shorter
# words only ever match exactly. Near-word hits come after every exact hit. Spanish, Portuguese and French words match
# their number and gender forms, not every word that shares a stem.

TYPO_DOCUMENTS = [
    make_document(
        11,
        "achievement",
        {"en": {"title": "Water purification with solar stills", "summary": "Clean drinking water for villages."}},
        field="water",
        country="IN",
    ),
    make_document(
        12,
        "achievement",
        {
            "en": {
                "title": "Seawater treatment plant",
                "description": "Reverse osmosis desalination for coastal towns.",
                "keywords": "brine mixture",
            }
        },
        field="water",
        country="EG",
    ),
    make_document(
        13,
        "demand",
        {"es": {"title": "Material sólido para la construcción", "summary": "Bloques fabricados en un solo paso."}},
        field="materials",
        country="AR",
    ),
    make_document(
        14,
        "achievement",
        {"es": {"title": "Paneles solares de bajo costo", "summary": "Fabricación local en cooperativas."}},
        country="BR",
    ),
]


@pytest.fixture
def typo_corpus(corpus):
    corpus.index(TYPO_DOCUMENTS)
    return corpus


def test_short_query_does_not_fuzzy_match_other_words(typo_corpus):
    found = keys(typo_corpus.search(SearchQuery(text="solar", lang="en")))
    assert "demand:13" not in found  # "sólido", "solo": neither a form of "solar" nor a typo of it
    assert {"achievement:3", "achievement:11", "achievement:14"} <= set(found)  # "solar", "solares"
    assert typo_corpus.search(SearchQuery(text="polar", lang="en")).total == 0  # one edit from "solar", but short


def test_spanish_words_match_their_plural_and_feminine_forms(typo_corpus):
    assert keys(typo_corpus.search(SearchQuery(text="panel", lang="es"))) == ["achievement:14"]  # "paneles"
    assert keys(typo_corpus.search(SearchQuery(text="sólidos", lang="es"))) == ["demand:13"]  # "sólido"


def test_typo_in_long_word_still_finds_listing(typo_corpus):
    result = typo_corpus.search(SearchQuery(text="purificaton", lang="en"))
    assert keys(result) == ["achievement:11"]
    assert result.suggestion == "purification"
    assert "achievement:1" in keys(typo_corpus.search(SearchQuery(text="lithum", lang="en")))


def test_six_letter_word_with_two_typos_matches_nothing(typo_corpus):
    result = typo_corpus.search(SearchQuery(text="lituim", lang="en"))
    assert result.total == 0
    assert result.suggestion == "lithium"


def test_exact_match_ranks_above_fuzzy_match(typo_corpus):
    # The exact word sits in a description, the near word in a title: exact still wins.
    result = typo_corpus.search(SearchQuery(text="desalination purificaton", lang="en"))
    assert keys(result) == ["achievement:12", "achievement:11"]
    assert result.hits[0].score > 2 * result.hits[1].score


def test_correctly_spelt_words_get_no_near_word_matches(typo_corpus):
    # "mixture" is two edits from "moisture", near enough for an eight-letter word; but "moisture" is a known word.
    result = typo_corpus.search(SearchQuery(text="moisture", lang="en"))
    assert keys(result) == ["demand:5"]
    assert result.suggestion is None


def test_several_misspelt_words_find_listings_and_get_a_corrected_query(typo_corpus):
    result = typo_corpus.search(SearchQuery(text="Seawatter treatmant", lang="en"))
    assert keys(result) == ["achievement:12"]
    assert result.suggestion == "seawater treatment"


# --- any registered document type (search.doctypes): projects, services, experts, courses ----------------------

OTHER_TYPES = [
    make_document(
        11,
        "project",
        {"en": {"title": "Rural solar storage consortium", "summary": "Battery packs for a pilot village."}},
        trl=None,
        ip_status="",
        transfer_modes=(),
        institution="tsinghua-tto",
        published_at=datetime(2024, 6, 1, tzinfo=UTC),
    ),
    make_document(
        12,
        "service",
        {"zh-hans": {"title": "电池专利评估", "description": "拍卖前的专利价值评估。"}},
        field="",
        trl=None,
        ip_status="",
        transfer_modes=(),
        institution_type="service_provider",
        published_at=datetime(2024, 6, 2, tzinfo=UTC),
    ),
    make_document(
        13,
        "expert",
        {"en": {"title": "Ana Quirino", "summary": "Patent attorney for battery chemistry"}},
        country="BR",
        trl=None,
        ip_status="",
        transfer_modes=(),
        published_at=datetime(2024, 6, 3, tzinfo=UTC),
    ),
    make_document(
        14,
        "course",
        {"ru": {"title": "Лицензирование технологий", "summary": "Курс для менеджеров по трансферу."}},
        field="",
        country="RU",
        trl=None,
        ip_status="",
        transfer_modes=(),
        institution="tsinghua-tto",
        published_at=datetime(2024, 6, 4, tzinfo=UTC),
    ),
]


@pytest.fixture
def mixed(backend):
    backend.index([*CORPUS, *OTHER_TYPES])
    return backend


def test_every_registered_type_is_indexed_found_and_counted_in_the_type_facet(mixed):
    result = mixed.search(SearchQuery(text=""))
    assert result.total == len(CORPUS) + len(OTHER_TYPES)
    assert keys(result)[:4] == ["course:14", "expert:13", "service:12", "project:11"]
    assert dict(result.facets["type"]) == {
        "achievement": 3,
        "demand": 2,
        "project": 1,
        "service": 1,
        "expert": 1,
        "course": 1,
    }
    hit = mixed.search(SearchQuery(text="Quirino")).hits[0]
    assert (hit.key, hit.type, hit.pk, hit.title) == ("expert:13", "expert", 13, "Ana Quirino")


@pytest.mark.parametrize("kind", ["project", "service", "expert", "course"])
def test_types_restrict_results_to_a_new_type_and_the_type_facet_ignores_it(mixed, kind):
    result = mixed.search(SearchQuery(types=(kind,)))
    assert [hit.type for hit in result.hits] == [kind]
    assert dict(result.facets["type"])["achievement"] == 3


def test_several_new_types_together_with_facets_of_theirs(mixed):
    result = mixed.search(SearchQuery(types=("project", "course"), filters={"institution": ("tsinghua-tto",)}))
    assert set(keys(result)) == {"project:11", "course:14"}
    result = mixed.search(SearchQuery(text="battery", types=("project", "service", "expert")))
    assert set(keys(result)) == {"project:11", "expert:13"}
    result = mixed.search(SearchQuery(filters={"institution_type": ("service_provider",)}))
    assert keys(result) == ["service:12"]
    result = mixed.search(SearchQuery(types=("course",), trl_min=1))
    assert keys(result) == []


def test_an_unregistered_type_is_a_bad_query(mixed):
    with pytest.raises(BadQuery):
        mixed.search(SearchQuery(types=("auction",)))


def _hub_document(pk: int, kind: str, title: str, *, category: str = "", languages: tuple[str, ...] = ()):
    return make_document(
        pk,
        kind,
        {"en": {"title": title}},
        field="",
        trl=None,
        ip_status="",
        transfer_modes=(),
        institution_type="service_provider",
        category=category,
        languages=languages,
    )


HUB_DOCUMENTS = [
    _hub_document(21, "service", "Patent valuation", category="valuation", languages=("en", "zh-hans")),
    _hub_document(22, "service", "Contract review", category="legal", languages=("pt-br",)),
    _hub_document(23, "service", "Freedom to operate search", category="ip_registration", languages=("en", "ru")),
    _hub_document(24, "expert", "Ana Quirino", languages=("pt-br", "en")),
]


def test_service_category_and_language_filter_and_count_like_the_other_facets(backend):
    backend.index([*CORPUS, *HUB_DOCUMENTS])
    result = backend.search(SearchQuery(filters={"category": ("valuation", "legal")}))
    assert set(keys(result)) == {"service:21", "service:22"}
    # The category facet counts with every filter but its own: a reader who picked one sees the others.
    assert dict(result.facets["category"]) == {"valuation": 1, "legal": 1, "ip_registration": 1}
    result = backend.search(SearchQuery(filters={"language": ("pt-br",)}))
    assert set(keys(result)) == {"service:22", "expert:24"}
    assert dict(result.facets["language"]) == {"en": 3, "zh-hans": 1, "pt-br": 2, "ru": 1}
    result = backend.search(SearchQuery(filters={"language": ("en",), "category": ("ip_registration",)}))
    assert keys(result) == ["service:23"]
    assert backend.search(SearchQuery(types=("achievement",))).facets.get("category", []) == []
