"""`rogatory node init --id ID --endpoint URL | show | rotate-keys [--starts TIME]`"""

import json
from datetime import UTC, datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rogatory.exchange import keys, local, pades
from rogatory.exchange.envelope import parse_time


class Command(BaseCommand):
    help = "This node's identity and keys for the exchange between authorities."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        init = actions.add_parser("init", help="Create the node: id, endpoint, first keys.")
        init.add_argument("--id", dest="node_id", required=True)
        init.add_argument("--endpoint", required=True, help="Base URL other nodes POST to.")
        actions.add_parser("show", help="Print the public node document (JSON).")
        rotate = actions.add_parser("rotate-keys", help="Add new keys; old ones stay valid "
                                    "for verification until their end date.")
        rotate.add_argument("--starts", type=parse_time,
                            help="When the new keys take over (UTC, e.g. "
                                 "2027-01-01T00:00:00Z); default now.")

    def handle(self, *args, action: str, **options) -> None:
        now = datetime.now(UTC)
        try:
            getattr(self, action.replace("-", "_"))(now, **options)
        except keys.NodeError as error:
            raise CommandError(str(error)) from error

    def init(self, now: datetime, node_id: str, endpoint: str, **_options) -> None:
        node = keys.init_node(local.node_dir(), node_id, endpoint, now)
        pades.ca_certificate(local.node_dir(), node.id, now)
        self.stdout.write(f"Node {node.id} created in {local.node_dir()}; "
                          "send `rogatory node show` to the secretariat for the trust list.")

    def show(self, now: datetime, **_options) -> None:
        self.stdout.write(json.dumps(local.public_document(), indent=2))

    def rotate_keys(self, now: datetime, starts: datetime | None, **_options) -> None:
        node = keys.rotate_keys(local.node_dir(), now, starts)
        self.stdout.write(f"Node {node.id} has new keys from {starts or now:%Y-%m-%d %H:%M} "
                          "UTC; send `rogatory node show` to the secretariat before then.")
