"""Developer tool for the translation catalogues (compiling needs none: see rogatory.core.i18n).

    python scripts/translations.py extract APP...      # makemessages for the apps (GNU gettext)
    python scripts/translations.py missing APP         # print untranslated msgids as JSON
    python scripts/translations.py fill APP FILE.json  # merge {msgid: {lang: text}} into the .po

Plural entries take {lang: [singular, plural, ...]} in FILE.json.
"""

import json
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
APPS = ROOT / "src" / "rogatory"
LANGUAGES = ["ar", "zh_Hans", "fr", "ru", "es"]


def catalogue_path(app: str, language: str) -> Path:
    return APPS / app / "locale" / language / "LC_MESSAGES" / "django.po"


def extract(apps: list[str]) -> None:
    admin = ROOT / ".venv" / "bin" / "django-admin"
    for app in apps:
        (APPS / app / "locale").mkdir(exist_ok=True)
        args = [str(admin), "makemessages", "--no-location", "--no-obsolete"]
        args += [f"-l{language}" for language in LANGUAGES]
        subprocess.run(args, cwd=APPS / app, check=True)  # noqa: S603


def missing(app: str) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for language in LANGUAGES:
        with catalogue_path(app, language).open("rb") as handle:
            for message in read_po(handle, locale=language):
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                if message.id and (message.fuzzy or not all(strings)):
                    key = message.id if isinstance(message.id, str) else message.id[0]
                    result.setdefault(key, []).append(language)
    return result


def fill(app: str, translations: dict[str, dict[str, str | list[str]]]) -> None:
    for language in LANGUAGES:
        path = catalogue_path(app, language)
        with path.open("rb") as handle:
            catalogue = read_po(handle, locale=language)
        for message in catalogue:
            key = message.id if isinstance(message.id, str) else (message.id or [""])[0]
            text = translations.get(key, {}).get(language)
            if not key or text is None:
                continue
            message.string = tuple(text) if isinstance(message.id, tuple) else text
            message.flags.discard("fuzzy")
        with path.open("wb") as handle:
            write_po(handle, catalogue, width=100, omit_header=False)


def main(argv: list[str]) -> None:
    command, *args = argv
    if command == "extract":
        extract(args)
    elif command == "missing":
        print(json.dumps(missing(args[0]), ensure_ascii=False, indent=1))
    elif command == "fill":
        fill(args[0], json.loads(Path(args[1]).read_text()))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
