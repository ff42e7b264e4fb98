import pytest

from website.textcheck import find_words, normalise


def test_normalise_folds_width_case_spacing_and_wedged_letters():
    assert normalise("敏 感") == "敏感"
    assert normalise("敏a感") == "敏感"
    assert normalise("敏＊感") == "敏感"
    assert normalise("ＡＢＣ") == "abc"


@pytest.mark.parametrize(
    "text",
    ["这里有敏感词", "这里有敏 感词", "这里有敏　感词", "敏x感", "敏-感", "ＭＧ词", "mg"],
)
def test_disguised_words_are_found(text):
    assert find_words(text, ["敏感", "mg"])


def test_latin_words_match_whole_words_only():
    assert find_words("this is a spam post", ["spam"]) == ["spam"]
    assert find_words("spammer", ["spam"]) == []


def test_clean_text_is_clean():
    assert find_words("感谢民政局的帮助", ["敏感", "spam"]) == []
    assert find_words("", ["敏感"]) == []
