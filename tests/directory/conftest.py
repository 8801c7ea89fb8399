"""Directory fixtures: the shared actors' two authorities filled in, plus a part-2 channel."""

import datetime

import pytest
from django.utils import timezone

from rogatory.directory.models import Authority, Contact, Designation


def _set(authority: Authority, **values) -> None:
    """Fill in an entry the ordinary way (so its history starts with these values)."""
    for name, value in values.items():
        setattr(authority, name, value)
    authority.save()


@pytest.fixture
def directory(actors):
    """NL (State A): a part-1 central authority with a contact and an INTERPOL NCB (part 2).
    FR (State B): a part-1 central authority with a contact."""
    today = timezone.localdate()
    a = actors.authority_a
    _set(a,
        functions=["mla", "extradition"], languages=["nl", "en"],
        channels=["central_authority", "email"], urgent_channels=["interpol"],
        certified_translation=False, original_required=None, dual_criminality=False,
        urgent_procedure="Call the duty officer first.", source="Notification C.N.1.2004",
        as_of=datetime.date(2024, 1, 5), last_verified=today - datetime.timedelta(days=10),
        time_zone="Europe/Amsterdam")
    Contact.objects.create(authority=a, name="Anna Secret-Contact", title="Head",
                           phones=["+31703707911"], email="anna@a.test", fax="+31703707900")
    Designation.objects.create(authority=a, basis="untoc_18_13", instrument="UNTOC",
                               source="C.N.1.2004", as_of=datetime.date(2004, 1, 5))
    ncb = Authority.objects.create(
        state_id="NL", part=Authority.Part.OTHER, name="INTERPOL NCB Den Haag",
        name_en="INTERPOL NCB The Hague", functions=["law_enforcement", "e_evidence"],
        languages=["en"], channels=["interpol"], last_verified=today)
    Contact.objects.create(authority=ncb, name="Desk Officer Hidden", phones=["+31793459911"])
    b = actors.authority_b
    _set(b,
        functions=["mla"], languages=["fr"], channels=["diplomatic"],
        last_verified=today - datetime.timedelta(days=400))
    Contact.objects.create(authority=b, name="Bernard Private", email="bernard@b.test")
    Designation.objects.create(authority=b, basis="uncac_46_13", instrument="UNCAC")
    return {"a": actors.authority_a, "b": actors.authority_b, "ncb": ncb}
