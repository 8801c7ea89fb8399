import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from rogatory.states.models import State

pytestmark = pytest.mark.django_db
PACKAGE = Path(settings.PACKAGE_DIR)
TRANSLATED = ["ar", "zh_Hans", "fr", "ru", "es"]


@pytest.mark.parametrize(("accept", "lang", "direction"), [
    ("ar", "ar", "rtl"), ("zh-CN,zh;q=0.9", "zh-hans", "ltr"), ("fr-FR", "fr", "ltr"),
    ("ru", "ru", "ltr"), ("es", "es", "ltr"), ("en-GB", "en", "ltr"),
])
def test_accept_language_picks_language_and_direction(client, accept, lang, direction):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE=accept).content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in html


def test_home_page_is_translated(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Passer au contenu principal" in html
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "English" in html and "العربيّة" in html  # languages listed in their own names


def test_switching_language_by_form_sets_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="ru"' in html


def test_state_names_in_the_un_languages():
    china = State.objects.get(alpha2="CN")
    assert china.name("en") == "China"
    assert china.name("zh-hans") == "中国"
    assert china.name("ar") == "الصين"
    assert china.name("ru") == "Китай"
    assert State.objects.count() >= 249


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalogue_is_complete(language):
    """No message is left untranslated or fuzzy in any app's catalogue."""
    catalogues = sorted(PACKAGE.glob(f"**/locale/{language}/LC_MESSAGES/django.po"))
    assert catalogues, f"no catalogue for {language}"
    for path in catalogues:
        with path.open("rb") as handle:
            catalogue = read_po(handle, locale=language)
        missing = [m.id for m in catalogue if m.id and (not m.string or m.fuzzy
                   or (isinstance(m.string, tuple) and not all(m.string)))]
        assert not missing, f"{path.relative_to(PACKAGE)}: untranslated {missing[:5]}"


def _extracted_msgids(app_dir: Path, tmp_path: Path) -> set[str]:
    """What Django's makemessages finds in an app now (needs GNU gettext)."""
    import shutil

    copy = tmp_path / app_dir.name
    shutil.copytree(app_dir, copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
    (copy / "locale").mkdir()
    subprocess.run(["django-admin", "makemessages", "-l", "fr", "--no-location"],  # noqa: S607
                   cwd=copy, check=True, capture_output=True,
                   env={"PATH": str(Path(settings.BASE_DIR) / ".venv/bin") + ":/usr/bin:/bin"})
    with (copy / "locale/fr/LC_MESSAGES/django.po").open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


def _apps() -> list[Path]:
    return sorted(path.parent for path in PACKAGE.glob("*/apps.py"))


@pytest.mark.parametrize("app_dir", _apps(), ids=lambda p: p.name)
def test_catalogues_hold_every_string_in_the_code(app_dir, tmp_path):
    import shutil

    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext (xgettext) is not installed; CI installs it")
    found = _extracted_msgids(app_dir, tmp_path)
    catalogue = app_dir / "locale/fr/LC_MESSAGES/django.po"
    known: set[str] = set()
    if catalogue.exists():
        with catalogue.open("rb") as handle:
            known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    assert not found - known, f"run makemessages in {app_dir.name}: {sorted(found - known)[:5]}"


def test_no_hard_coded_state_name_lists():
    """State names come from CLDR: no template or module spells out a list of them."""
    pattern = re.compile(r"\b(Afghanistan|Albania|Algeria)\b.*\b(Andorra|Angola)\b")
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        assert not pattern.search(path.read_text()), path


def _project_messages(language: str):
    for path in sorted(PACKAGE.glob(f"**/locale/{language}/LC_MESSAGES/django.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if message.id and isinstance(message.id, str) and message.string:
                    yield path.relative_to(PACKAGE).parts[0], message


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_msgid_shows_django_or_allauth_wording(language):
    """Django merges every catalogue into one, the first installed app winning: a msgid that
    Django's admin, allauth or DRF translate too would show their wording ("Summary" as the
    admin's «Краткая статистика»). The project's catalogues are in LOCALE_PATHS, so they win."""
    from django.utils import translation

    ours: dict[tuple, set[str]] = {}
    for _app, message in _project_messages(language):
        ours.setdefault((message.context, message.id), set()).add(message.string)
    with translation.override(language.replace("_", "-").lower()):
        wrong = {key: shown for key in ours
                 if (shown := (translation.pgettext(*key) if key[0]
                               else translation.gettext(key[1]))) not in ours[key]}
    assert wrong == {}


@pytest.mark.parametrize(("language", "path", "wrong", "right"), [
    ("ru", "/library/items/{item}/", "Краткая статистика", "Резюме"),
    ("fr", "/cases/statistics/", "Provenance", "Du"),
    ("ar", "/cases/statistics/", "المصدر", "من"),
])
def test_the_wrong_strings_seen_are_gone(actors, language, path, wrong, right):
    from rogatory.library.models import Item
    from tests.conftest import client_for

    item = Item.objects.create(title="Law", language="en", summary="A summary.",
                               kind=Item._meta.get_field("kind").choices[0][0])
    client = client_for(actors.secretariat)  # signed in with the second factor
    html = client.get(path.format(item=item.pk), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert wrong not in html and right in html
