import datetime as dt
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from rogatory.legalbasis.engine import COOPERATION_TYPES, FINDER_OFFENCES
from rogatory.legalbasis.services import find_legal_basis


class Command(BaseCommand):
    help = "On which instruments can a request from one State to another rest, and why."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--requesting", required=True, help="ISO alpha-2 code, e.g. CN")
        parser.add_argument("--requested", required=True, help="ISO alpha-2 code, e.g. NL")
        parser.add_argument("--type", required=True, dest="cooperation_type",
                            help=", ".join(COOPERATION_TYPES))
        parser.add_argument("--offence", required=True, help=", ".join(FINDER_OFFENCES))
        parser.add_argument("--date", type=_date, help="YYYY-MM-DD (default today)")
        parser.add_argument("--json", action="store_true", help="print the API's JSON")

    def handle(self, requesting: str, requested: str, cooperation_type: str, offence: str,
               date: dt.date | None, json: bool, **options) -> None:
        try:
            with translation.override(settings.LANGUAGE_CODE):  # as the API's default
                answer = find_legal_basis(requesting, requested, cooperation_type, offence,
                                          date)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if json:
            self.stdout.write(_dumps(answer))
            return
        self._print(answer)

    def _print(self, answer: dict) -> None:
        out = self.stdout.write
        out(f"{answer['requesting']} -> {answer['requested']}: {answer['type']}, "
            f"{answer['offence']}, at {answer['date']}")
        recommended = answer["recommended"]
        out(f"Recommended: {recommended['code'] if recommended else 'none'}")
        for candidate in answer["candidates"]:
            if not candidate["applicable"]:  # a regional instrument neither State can join
                out(f"\n{candidate['instrument']['code']}: not applicable")
                continue
            out(f"\n{candidate['instrument']['code']}: {candidate['verdict']}")
            for reason in candidate["reasons"]:
                out(f"  - {reason['article']}: {reason['text']}".replace(" - : ", " - "))
                for fact in reason["facts"]:
                    out(f"      {fact['state']} {fact['fact']}={fact['value']} "
                        f"(source {fact['source']}, {fact['source_kind'] or 'kind not stated'}"
                        f", as of {fact['as_of']})")
            for item in candidate["confirm"]:
                out(f"  confirm: {item}")
        practical = answer["practical"]
        for key in ("central_authority", "languages"):
            fact = practical[key]
            out(f"\n{key}: " + (f"{fact['value']} (source {fact['source']}, as of "
                                f"{fact['as_of']})" if fact else "unknown"))


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--date: {value!r} is not a date (YYYY-MM-DD)") from error


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
