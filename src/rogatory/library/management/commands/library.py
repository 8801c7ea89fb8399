"""`rogatory library import-jsonl|import-akn|export-akn|search|reindex ...`"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from rogatory.core.limits import TooLarge, read_at_most
from rogatory.library import akn
from rogatory.library.models import Item
from rogatory.library.parsing import RecordInvalid, read_jsonl
from rogatory.library.search.indexing import reindex_item
from rogatory.library.search.service import FILTERS, SearchRequest, clean_filters, search
from rogatory.library.services import BATCH_SIZE, ImportReport, run_import


def _akn_records(paths: list[Path]):
    files = [f for p in paths for f in (sorted(p.rglob("*.xml")) if p.is_dir() else [p])]
    for number, path in enumerate(files, start=1):
        try:
            yield number, akn.parse(read_at_most(path, akn.MAX_BYTES)), str(path), ""
        except (RecordInvalid, OSError, TooLarge) as error:
            yield number, None, str(path), str(error)


class Command(BaseCommand):
    help = "The knowledge library: import, export and search."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        jsonl = actions.add_parser("import-jsonl", help="Import JSON Lines (gzip or plain).")
        jsonl.add_argument("path", type=Path)
        jsonl.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        jsonl.add_argument("--no-progress", action="store_true")
        akn_import = actions.add_parser("import-akn", help="Import Akoma Ntoso 3.0 XML files "
                                                           "(files or folders).")
        akn_import.add_argument("paths", type=Path, nargs="+")
        akn_import.add_argument("--no-progress", action="store_true")
        export = actions.add_parser("export-akn", help="Write an item as Akoma Ntoso XML.")
        export.add_argument("item_id", type=int)
        export.add_argument("-o", "--output", type=Path, help="File (default: standard output).")
        find = actions.add_parser("search", help="Search the library (public items only "
                                                 "unless --restricted).")
        find.add_argument("query")
        for name in FILTERS:
            find.add_argument(f"--{name.replace('_', '-')}", dest=name)
        find.add_argument("--limit", type=int, default=10)
        find.add_argument("--restricted", action="store_true",
                          help="Include items restricted to officials.")
        actions.add_parser("reindex", help="Rebuild every item's search passages.")

    def handle(self, *args, action: str, **options) -> None:
        handler = getattr(self, "handle_" + action.replace("-", "_"))
        handler(**options)

    def _report(self, report: ImportReport) -> None:
        for problem in report.errors:
            self.stderr.write(str(problem))
        self.stdout.write(str(report))
        if report.errors:
            raise CommandError(f"{len(report.errors)} item(s) were not imported")

    def handle_import_jsonl(self, path: Path, batch_size: int, no_progress: bool, **_) -> None:
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        self._report(run_import(read_jsonl(path), batch_size=batch_size,
                                progress=not no_progress))

    def handle_import_akn(self, paths: list[Path], no_progress: bool, **_) -> None:
        self._report(run_import(_akn_records(paths), progress=not no_progress))

    def handle_export_akn(self, item_id: int, output: Path | None, **_) -> None:
        item = Item.objects.filter(pk=item_id).first()
        if item is None:
            raise CommandError(f"no item {item_id}")
        data = akn.export(item)
        if output:
            output.write_bytes(data)
        else:
            self.stdout.write(data.decode())

    def handle_search(self, query: str, limit: int, restricted: bool, **options) -> None:
        try:
            filters = clean_filters(options)
        except ValidationError as error:
            raise CommandError("; ".join(f"--{name.replace('_', '-')}: {' '.join(messages)}"
                                         for name, messages in error.message_dict.items())
                               ) from error
        result = search(SearchRequest(q=query, filters=filters, page_size=limit,
                                      include_restricted=restricted, facets=False))
        more = "" if result.complete else "+"
        self.stdout.write(f"{result.total}{more} passages ({result.backend})")
        for hit in result.hits:
            label = f" — {hit.provision}" if hit.provision else ""
            self.stdout.write(f"{hit.score:8.3f}  [{hit.item.pk}] {hit.item.title}{label}  "
                              f"{hit.url}")

    def handle_reindex(self, **_) -> None:
        count = 0
        for item in Item.objects.iterator(chunk_size=200):
            with transaction.atomic():
                count += reindex_item(item)
        self.stdout.write(f"{count} passages indexed")
