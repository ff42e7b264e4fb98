import pytest
from django.core.exceptions import ValidationError

from placenames.forms import normalise_phone, validate_phone


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("13912345678", "13912345678"),
        ("139 1234 5678", "13912345678"),
        ("139-1234-5678", "13912345678"),
        ("+86 13912345678", "13912345678"),
        ("１３９１２３４５６７８", "13912345678"),
        ("0563-1234567", "0563-1234567"),
        ("05631234567", "0563-1234567"),
        ("（0563）1234567", "0563-1234567"),
        ("010-12345678", "010-12345678"),
        ("02112345678", "021-12345678"),
    ],
)
def test_valid_numbers_are_tidied(typed, stored):
    value = normalise_phone(typed)
    validate_phone(value)
    assert value == stored


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "12345678901",
        "1391234567",
        "139123456789",
        "23912345678",
        "0563-123",
        "563-1234567",
        "abc",
        "<script>",
        "1" * 20,
    ],
)
def test_invalid_numbers_are_refused_in_chinese(typed):
    with pytest.raises(ValidationError) as info:
        validate_phone(normalise_phone(typed))
    assert "手机号码" in info.value.messages[0]
