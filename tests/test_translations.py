"""Every UI text in the code has a Finnish and a Swedish translation with the same placeholders.

The texts are extracted live from each catalogue's sources (not read from messages.pot),
so a stale catalogue fails here too. Translations are merged over all catalogues, as
Flask-Babel merges them at run time.
"""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal.i18n_tool import catalogues, extract

PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|\{(\w*)\}")
LANGUAGES = ("fi", "sv")


def _placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text) if "%(" in m.group(0))


def _ids(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _strings(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, list]:
    """Messages extracted now from every catalogue's sources, per catalogue."""
    found = {}
    for folder in catalogues():
        pot = tmp_path_factory.mktemp("pot") / "messages.pot"
        extract(folder, pot)
        with pot.open("rb") as handle:
            found[str(folder)] = [m for m in read_po(handle) if m.id]
    return found


def _merged(language: str) -> dict:
    """msgid -> message with a non-fuzzy, non-empty translation, over all catalogues."""
    merged = {}
    for folder in catalogues():
        po = Path(folder) / language / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            continue
        with po.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if message.id and all(_strings(message)) and not message.fuzzy:
                    merged.setdefault(message.id, message)
    return merged


def test_there_is_a_foundation_catalogue(extracted):
    assert any(folder.endswith("portal/translations") for folder in extracted)
    assert sum(len(messages) for messages in extracted.values()) > 100


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_is_translated_with_matching_placeholders(extracted, language):
    merged = _merged(language)
    untranslated, mismatched = [], []
    for folder, messages in extracted.items():
        for message in messages:
            translated = merged.get(message.id)
            if translated is None:
                untranslated.append(f"{folder}: {message.id!r}")
                continue
            wanted = _placeholders(_ids(message)[0])
            for text in _strings(translated):
                if _placeholders(text) != wanted:
                    mismatched.append(f"{folder}: {message.id!r} -> {text!r}")
    assert not untranslated, f"untranslated in {language}:\n" + "\n".join(untranslated)
    assert not mismatched, f"placeholders differ in {language}:\n" + "\n".join(mismatched)


def test_placeholder_check_notices_a_difference():
    assert _placeholders("Wait %(minutes)d minutes") == ["%(minutes)d"]
    assert _placeholders("Odota %(minuutit)d minuuttia") != _placeholders("%(minutes)d")
