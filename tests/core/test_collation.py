"""Lists are sorted by the reader's collation (ICU, CLDR rules), one collator per language."""

import os

import pytest
from django.core import checks
from django.utils import translation

from rogatory.core import collation
from rogatory.states.choices import state_choices

# CI installs libicu-dev, so PyICU must be there; a bare `make run` machine may lack it.
icu = pytest.importorskip("icu") if not os.environ.get("CI") else __import__("icu")


def test_french_puts_egypte_under_e():
    names = ["Zimbabwe", "Égypte", "Espagne", "Eswatini", "Éthiopie", "Allemagne"]
    assert collation.collated(names, str, "fr") == [
        "Allemagne", "Égypte", "Espagne", "Eswatini", "Éthiopie", "Zimbabwe"]


def test_spanish_n_tilde_after_n():
    assert collation.collated(["Ñandú", "nube", "Oso", "Nube"], str, "es") == [
        "nube", "Nube", "Ñandú", "Oso"]


def test_chinese_in_pinyin_order():
    # 阿 ā, 巴 bā, 中 zhōng, 德 dé: pinyin, not code points (中 U+4E2D sorts first by code).
    assert collation.collated(["中国", "德国", "巴西", "阿富汗"], str, "zh-hans") == [
        "阿富汗", "巴西", "德国", "中国"]


def test_one_collator_per_language():
    assert collation._collator("fr") is collation._collator("fr")
    assert collation.icu_tag("zh-hans") == "zh-Hans"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "zh-hans", "ar", "ru", "es", "en"])
def test_state_pickers_follow_the_collation(language):
    with translation.override(language):
        names = [name for _code, name in state_choices()]
    assert names == collation.collated(names, str, language)
    if language == "fr":
        assert names.index("Égypte") < names.index("Espagne") < names.index("Zambie")


def test_without_pyicu_lists_still_sort_and_a_check_warns(monkeypatch):
    monkeypatch.setattr(collation, "icu", None)
    assert collation.collated(["Zambie", "Égypte", "Espagne"], str, "fr") == [
        "Égypte", "Espagne", "Zambie"]
    assert [m.id for m in collation.check_icu(None)] == ["rogatory.W001"]


def test_with_pyicu_no_warning():
    assert collation.check_icu(None) == []
    assert "rogatory.W001" not in [m.id for m in checks.run_checks()]
