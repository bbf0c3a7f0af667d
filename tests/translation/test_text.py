"""Splitting texts into chunks an engine takes, rejoining the translations, and what must survive translation."""

from __future__ import annotations

import hashlib
import re

from translation.text import lost_tokens, source_hash, split_text, translate_text


def upper_engine(calls: list[list[str]] | None = None):
    """An "engine" that upper-cases words and keeps everything else: enough to see what was sent and joined."""

    def translate(chunks: list[str]) -> tuple[list[str], str]:
        if calls is not None:
            calls.append(list(chunks))
        return [chunk.upper() for chunk in chunks], "upper"

    return translate


def mangling_engine(chunks: list[str]) -> tuple[list[str], str]:
    """Like some neural engines: rewrites numbers ("3.5" → "3,5"), breaks URLs and drops markup tags."""
    out = []
    for chunk in chunks:
        chunk = re.sub(r"(\d)\.(\d)", r"\1,\2", chunk)
        chunk = chunk.replace("https://", "https: //")
        chunk = re.sub(r"</?b>", "", chunk)
        chunk = re.sub(r"CN ?(\d)", r"CN-\1", chunk)
        out.append(f"«{chunk}»")
    return out, "mangler"


def test_source_hash_is_the_sha256_of_the_exact_text():
    assert source_hash("Solar cell") == hashlib.sha256(b"Solar cell").hexdigest()
    assert source_hash("Solar cell") != source_hash("Solar cell ")
    assert source_hash("") == hashlib.sha256(b"").hexdigest()


def test_paragraphs_and_lines_are_translated_separately_and_their_separators_kept():
    text = "  First paragraph.\n\nSecond paragraph:\n- item one\n- item two\r\n\r\n\tLast one.  \n"
    calls: list[list[str]] = []

    translated, provider = translate_text(text, limit=1500, translate=upper_engine(calls))

    assert calls == [["First paragraph.", "Second paragraph:", "- item one", "- item two", "Last one."]]
    assert translated == "  FIRST PARAGRAPH.\n\nSECOND PARAGRAPH:\n- ITEM ONE\n- ITEM TWO\r\n\r\n\tLAST ONE.  \n"
    assert provider == "upper"


def test_a_long_paragraph_is_cut_at_sentence_ends_into_chunks_within_the_limit():
    sentences = [f"Sentence number {i} describes the pilot plant." for i in range(40)]
    text = " ".join(sentences)

    pieces = split_text(text, 200)
    chunks = [piece.text for piece in pieces if piece.translate]

    assert "".join(piece.text for piece in pieces) == text
    assert len(chunks) > 5
    assert all(len(chunk) <= 200 for chunk in chunks)
    assert all(chunk.endswith("plant.") for chunk in chunks)  # never cut inside a sentence


def test_chinese_text_is_cut_after_full_width_stops():
    text = "本技术采用新型复合材料。" * 30

    chunks = [piece.text for piece in split_text(text, 50) if piece.translate]

    assert all(len(chunk) <= 50 and chunk.endswith("。") for chunk in chunks)
    assert "".join(chunks) == text


def test_a_sentence_longer_than_the_limit_is_cut_between_words_and_a_word_longer_than_that_anywhere():
    words = " ".join(["photovoltaic"] * 50)
    pieces = split_text(words, 40)
    assert "".join(piece.text for piece in pieces) == words
    assert all(len(piece.text) <= 40 and not piece.text.startswith(" ") for piece in pieces if piece.translate)

    blob = "x" * 95
    assert [len(piece.text) for piece in split_text(blob, 40)] == [40, 40, 15]


def test_a_long_text_round_trips_exactly_through_a_neutral_engine():
    paragraph = "The membrane filters 99.5% of particles above 0.3 µm. It works at 25 °C and 1,013 hPa! " * 30
    text = "\n\n".join([paragraph.strip()] * 5) + "\n"

    translated, _provider = translate_text(text, limit=300, translate=lambda chunks: (chunks, "echo"))

    assert translated == text


def test_numbers_urls_patent_numbers_and_markup_survive_an_engine_that_mangles_them():
    text = (
        "The <b>ZX-3</b> reactor yields 3.5 t/day (patent CN 201810012345.6, US10,123,456B2); "
        "details at https://ttc.example.org/offers/42?lang=en or mail tech@uni.example.cn."
    )

    translated, provider = translate_text(text, limit=1500, translate=mangling_engine)

    assert provider == "mangler"
    for token in ("3.5", "CN 201810012345.6", "US10,123,456B2", "https://ttc.example.org/offers/42?lang=en"):
        assert token in translated
    assert "<b>" in translated and "</b>" in translated
    assert "tech@uni.example.cn" in translated
    assert not lost_tokens(text, translated)
    assert "«reactor yields»" in translated  # the words between the tokens were still translated


def test_a_chunk_whose_tokens_survive_is_kept_as_the_engine_wrote_it():
    text = "Efficiency rose from 18 % to 23 %."

    translated, _provider = translate_text(text, limit=1500, translate=lambda chunks: (["Eficiência: 18 %→23 %."], "e"))

    assert translated == "Eficiência: 18 %→23 %."


def test_empty_and_blank_texts_need_no_engine():
    def no_engine(chunks):
        raise AssertionError("nothing to translate")

    assert translate_text("", limit=100, translate=no_engine) == ("", "")
    assert translate_text(" \n\n ", limit=100, translate=no_engine) == (" \n\n ", "")
