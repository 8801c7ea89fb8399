"""`rogatory assessment load-questionnaire FILE | report ID [--format pdf|docx]
[--language ar] -o FILE | needs-csv -o FILE`"""

import csv
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from rogatory.accounts.models import Role, User
from rogatory.assessment import overview, report, services
from rogatory.assessment.models import Assessment
from rogatory.core import documents
from rogatory.core.exports import neutralise

# Whoever runs a command holds the whole database already: the report is the secretariat's.
OPERATOR = User(role=Role.SECRETARIAT, is_active=True)


class Command(BaseCommand):
    help = "Needs assessment: load a questionnaire file, export a gap report or the needs."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("load-questionnaire",
                                  help="Load a questionnaire JSON file as a published version.")
        load.add_argument("path", type=Path)
        export = actions.add_parser("report", help="Write an assessment's gap report.")
        export.add_argument("assessment_id", type=int)
        export.add_argument("--format", choices=["pdf", "docx"], default="pdf")
        export.add_argument("--language", choices=[code for code, _n in settings.LANGUAGES],
                            help="Default: the assessment's report language.")
        export.add_argument("-o", "--output", type=Path, required=True)
        needs = actions.add_parser("needs-csv", help="Write the needs across States as CSV.")
        needs.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, action.replace("-", "_"))(**options)

    def load_questionnaire(self, path: Path, **_options) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            services.load_questionnaire(data, self.stdout.write)
        except (OSError, ValueError) as error:
            errors = getattr(error, "errors", [str(error)])
            raise CommandError(f"{path}: nothing loaded:\n  " + "\n  ".join(errors)) from error

    def report(self, assessment_id: int, format: str, language: str | None, output: Path,
               **_options) -> None:
        assessment = Assessment.objects.filter(pk=assessment_id).first()
        if assessment is None:
            raise CommandError(f"No assessment {assessment_id}.")
        assessment.language = language or assessment.language
        with translation.override(assessment.language):
            doc = report.document(report.build_report(OPERATOR, assessment))
            body = (documents.render_pdf(doc) if format == "pdf"
                    else documents.render_docx(doc))
        output.write_bytes(body)
        self.stdout.write(f"Wrote {output} ({len(body)} bytes, {assessment.language}).")

    def needs_csv(self, output: Path, **_options) -> None:
        entries = overview.aggregated_needs(overview.state_rows())
        with output.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(overview.NEEDS_HEADER)
            for row in overview.needs_rows(entries):
                writer.writerow([neutralise(value) for value in row])
        self.stdout.write(f"Wrote {output} ({len(entries)} articles).")
