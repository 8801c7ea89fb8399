"""`rogatory trust-list publish ENTRIES -o FILE [--days N] | import FILE [--anchor FILE]`

The secretariat publishes the list from a JSON array of node documents (`rogatory node
show`), each with an `authorities` array, signed with its own node's key; every node imports
the file, verified against the secretariat's node document given once as `--anchor`. On a
single machine the node publishes for itself and imports with its own document as anchor.
"""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rogatory.core.limits import read_at_most
from rogatory.exchange import keys, local, trustlist


class Command(BaseCommand):
    help = "The secretariat's signed list of nodes, their keys and the authorities they serve."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        publish = actions.add_parser("publish", help="Sign a trust list with this node's key.")
        publish.add_argument("entries", type=Path, help="JSON array of node documents, "
                             "each with an \"authorities\" array of directory ids.")
        publish.add_argument("-o", "--output", type=Path, required=True)
        publish.add_argument("--days", type=int, default=7,
                             help="Days until the next update is due (default 7).")
        imported = actions.add_parser("import", help="Verify a trust list and use it.")
        imported.add_argument("path", type=Path)
        imported.add_argument("--anchor", type=Path, help="The secretariat's node document "
                              "(or a JSON array of its public keys); needed the first time.")

    def handle(self, *args, action: str, **options) -> None:
        now = datetime.now(UTC)
        try:
            {"publish": self.publish, "import": self.import_}[action](now, **options)
        except (OSError, ValueError, keys.NodeError, trustlist.TrustListRefused) as error:
            raise CommandError(f"{action}: {error}") from error

    def publish(self, now: datetime, entries: Path, output: Path, days: int,
                **_options) -> None:
        if not 0 < days <= 366:
            raise ValueError("--days is 1 to 366")
        documents = json.loads(read_at_most(entries, trustlist.MAX_LIST_BYTES))
        if not isinstance(documents, list) or not all(isinstance(d, dict) for d in documents):
            raise ValueError(f"{entries} is not a JSON array of node documents")
        token = trustlist.publish(
            [trustlist.entry(doc, doc.get("authorities", [])) for doc in documents],
            local.node().signing_key(now), now, now + timedelta(days=days))
        output.write_text(token, encoding="ascii")
        self.stdout.write(f"Trust list of {len(documents)} node(s) written to {output}, "
                          f"valid {days} day(s).")

    def import_(self, now: datetime, path: Path, anchor: Path | None, **_options) -> None:
        token = read_at_most(path, trustlist.MAX_LIST_BYTES).decode("ascii").strip()
        anchors = (trustlist.anchors_from(json.loads(read_at_most(anchor, 2**20)))
                   if anchor else None)
        imported = trustlist.import_list(Path(settings.EXCHANGE_TRUST_LIST),
                                         Path(settings.EXCHANGE_TRUST_ANCHORS), token, now,
                                         anchors)
        self.stdout.write(f"Trust list of {len(imported.nodes)} node(s) in force until "
                          f"{imported.next_update:%Y-%m-%d %H:%M} UTC.")

