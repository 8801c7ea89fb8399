"""Demo drafts (fictional): an MLA request with e-evidence for the demo officer of the
Netherlands, an extradition request for the demo prosecutor. Built from examples/requests/."""

import json
from collections.abc import Callable

from django.conf import settings

from rogatory.accounts.models import User
from rogatory.writer import services
from rogatory.writer.models import RequestDraft

EXAMPLES = settings.BASE_DIR / "examples" / "requests"
DEMO_DRAFTS = [
    ("officer.nl@example.org", "mla-e-evidence.json", "Operation Heron: e-evidence (demo)"),
    ("practitioner.nl@example.org", "extradition.json", "Extradition of Alex Example (demo)"),
]


def load(out: Callable[[str], None]) -> None:
    made = 0
    for email, example, title in DEMO_DRAFTS:
        author = User.objects.filter(email=email).first()
        path = EXAMPLES / example
        if author is None or not path.exists():
            continue
        if RequestDraft.objects.filter(author=author, title=title).exists():
            continue
        spec = {**json.loads(path.read_text(encoding="utf-8")), "title": title}
        spec.pop("requesting_state", None)
        services.create_draft(author, spec)
        made += 1
    out(f"  demo request drafts: {made} new")
