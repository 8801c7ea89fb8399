"""rogatory render-request SPEC.json --format pdf --language fr -o FILE

Renders a request from a JSON file shaped like the API's request body, without a server and
without writing to the database (batch and offline use). The checks run first: errors stop the
rendering (exit status 2) unless --draft, which marks the document as a draft.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from rogatory.writer import checks, document, rules, schema


class Command(BaseCommand):
    help = "Render a request (JSON shaped like the API's request body) to DOCX or PDF."

    def add_arguments(self, parser) -> None:
        parser.add_argument("spec", help="the request, as JSON ('-' reads standard input)")
        parser.add_argument("--format", choices=sorted(document.FORMATS), default="pdf")
        parser.add_argument("--language", help="one of the six UN languages "
                                               "(default: the request's)")
        parser.add_argument("-o", "--output", required=True, help="file to write ('-': stdout)")
        parser.add_argument("--draft", action="store_true",
                            help="render even with errors, marked as a draft")
        parser.add_argument("--jit", type=int, metavar="N",
                            help="render the JIT agreement of assistance item N (1 is the first)")
        parser.add_argument("--provisional-arrest", action="store_true",
                            help="render the request for provisional arrest of an extradition "
                                 "request that asks for it")

    def handle(self, *args, **options) -> None:
        spec = self._read(options["spec"])
        language = schema.normalise_language(options["language"] or spec.get("language") or "en")
        if language is None:
            raise CommandError(_("Not one of the six UN languages."))
        ctx = self._context(spec)
        issues = rules.check(spec, ctx)
        for shown in checks.present_all(issues):
            self.stderr.write(f"{shown.severity}: [{shown.step}] {shown.field}: {shown.message}")
        complete = rules.complete(issues)
        if not complete and not options["draft"]:
            self.stderr.write(_("The request is not complete: correct the errors first."))
            sys.exit(2)
        watermark = "" if complete else document.DRAFT_MARK
        if options["provisional_arrest"]:
            try:
                doc = document.build_provisional_arrest(spec, ctx, language, watermark)
            except ValueError as error:
                raise CommandError(_("This request asks for no provisional arrest.")) from error
        elif options["jit"]:
            try:
                doc = document.build_jit(spec, ctx, language, options["jit"] - 1, watermark)
            except (IndexError, ValueError) as error:
                raise CommandError(_("No joint investigation team at that item.")) from error
        else:
            doc = document.build(spec, ctx, language, watermark)
        data = document.render(doc, options["format"])
        if options["output"] == "-":
            sys.stdout.buffer.write(data)
        else:
            Path(options["output"]).write_bytes(data)

    def _read(self, path: str) -> dict:
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
            spec = json.loads(text)
        except (OSError, json.JSONDecodeError) as error:
            raise CommandError(f"{path}: {error}") from error
        errors = schema.validate_spec(spec)
        if errors:
            lines = [f"{where or '(request)'}: {_(message)}" for where, message in errors.items()]
            raise CommandError("\n".join([f"{path}:", *lines]))
        return spec

    def _context(self, spec: dict) -> rules.Context:
        """The directory and the finder, when a database is there to ask; unknown otherwise."""
        try:
            return checks.context_for(spec)
        except DatabaseError:
            return rules.Context()
