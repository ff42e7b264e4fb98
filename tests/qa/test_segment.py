"""Segmentation: one lexicon for documents and queries, custom dictionary, synonyms."""

from qa.segment import get_lexicon, normalize, parse_synonym_line


def test_normalize_keeps_length_and_folds_width_and_case():
    text = "ＡＢＣ１２３，低保ABC"
    assert normalize(text) == "abc123,低保abc"
    assert len(normalize(text)) == len(text)


def test_civil_affairs_terms_are_not_split(db):
    words = get_lexicon().words("特困人员救助供养和残疾人两项补贴")
    assert "特困人员救助供养" in words
    assert "残疾人两项补贴" in words


def test_index_tokens_keep_sub_words_with_offsets(db):
    tokens = get_lexicon().index_tokens("城乡最低生活保障标准")
    assert ("最低生活保障", 2, 6) in tokens
    assert ("生活", 4, 2) in tokens and ("保障", 6, 2) in tokens


def test_synonyms_apply_at_index_and_query_time(synonyms):
    lexicon = get_lexicon()
    indexed = {t for t, _, _ in lexicon.index_tokens("全市低保对象")}
    assert "~最低生活保障" in indexed
    (clause,) = lexicon.clauses("低保")[0]
    assert "最低生活保障" in clause.alternatives and "~最低生活保障" in clause.alternatives


def test_synonym_line_parsing():
    assert parse_synonym_line("最低生活保障 = 低保，城乡低保、低保") == ["最低生活保障", "低保", "城乡低保"]


def test_editing_synonyms_takes_effect_at_once(db):
    from qa.models import SynonymGroup

    assert not get_lexicon().variant_to_key.get("养老补贴")
    SynonymGroup.objects.create(terms="养老服务补贴 = 养老补贴")
    assert get_lexicon().variant_to_key["养老补贴"] == "~养老服务补贴"
