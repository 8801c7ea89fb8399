import datetime

import pytest

from rogatory.cases import services
from rogatory.cases.models import Case


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded documents go to a fresh directory per test."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def make_case(actors, authority=None, user=None, direction="incoming", **fields) -> Case:
    """A case of authority A (by officer A) unless told otherwise."""
    defaults = {"kind": "mla", "counterpart_state": "FR", "legal_basis": "UNTOC",
                "title": "Test case"}
    defaults.update(fields)
    return services.register_case(authority=authority or actors.authority_a,
                                  created_by=user or actors.officer_a, direction=direction,
                                  **defaults)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)
