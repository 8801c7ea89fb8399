from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from rogatory.core.importing import ImportRejected
from rogatory.states.treaty_import import import_file


class Command(BaseCommand):
    help = ("Treaty facts: the project's own format (state,instrument,fact,value,source,"
            "source_kind,as_of) or the research formats of ../shared/reference/ "
            "(participation.csv, declarations.csv, bilateral.csv), told apart by the header. "
            "One fact per State, instrument, fact and source; a later row from the same source "
            "replaces the earlier one, kept in the history. The whole file is rejected, with "
            "line and reason, on any error; importing it twice changes nothing.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="UTF-8 CSV file")
        parser.add_argument("--dry-run", action="store_true",
                            help="show what would be added, changed or conflict; write nothing")
        parser.add_argument("--user", help="the importer's login (e-mail), recorded in the history")

    def handle(self, path: Path, dry_run: bool, user: str | None, **options) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        by = None
        if user:
            model = get_user_model()
            by = model.objects.filter(**{model.USERNAME_FIELD: user}).first()
            if by is None:
                raise CommandError(f"{user}: no such user")
        try:
            report = import_file(path, dry_run=dry_run, user=by)
        except ImportRejected as error:
            raise CommandError(f"{path} was rejected; nothing was written.\n{error}") from error
        self.report(report, path, dry_run)

    def report(self, report, path: Path, dry_run: bool) -> None:
        plan = report.plan
        verb = "would be" if dry_run else "were"
        self.stdout.write(f"{path} ({report.format} format): {report.rows} rows read; facts "
                          f"{verb} added: {len(plan.added)}, changed: {len(plan.changed)}, "
                          f"in conflict with another source: {len(plan.conflicting)}; "
                          f"instrument changes: {report.instruments}; "
                          f"national-law changes: {report.state_facts}")
        for row in plan.added if dry_run else ():
            self.stdout.write(f"  + {self._line(row)}")
        for was, row in plan.changed if dry_run else ():
            self.stdout.write(f"  ~ {self._line(row)} (was {was['value']}, {was['as_of']})")
        for row in plan.conflicting if dry_run else ():
            self.stdout.write(f"  ! {self._line(row)} disagrees with another source")
        for reason, count in sorted(report.skipped.items()):
            self.stdout.write(f"  left out: {count} rows: {reason}")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")

    @staticmethod
    def _line(row: dict) -> str:
        return (f"{row['state']} {row['instrument']} {row['fact']} = {row['value']} "
                f"({row['source_kind']}, as of {row['as_of']}, {row['source']})")
