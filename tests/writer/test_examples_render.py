"""Every example request renders, in each of the six languages, to PDF and DOCX against the
data `make run` loads (`rogatory load-reference` then `rogatory demo`), with the real
directory and legal-basis finder: no error (warnings allowed), so an example cannot break
unnoticed. The data is loaded once for the module and rolled back at its end."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.db import transaction

from rogatory.writer import checks, document, rules
from rogatory.writer.schema import LANGUAGES

from .conftest import EXAMPLES, example

NAMES = sorted(path.stem for path in EXAMPLES.glob("*.json"))

pytestmark = [pytest.mark.django_db, pytest.mark.real_integrations]


@pytest.fixture(scope="module")
def make_run_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load-reference", stdout=io.StringIO())
        call_command("demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def test_every_kind_and_type_has_an_example():
    assert len(NAMES) >= 23
    assert "extradition" in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_example_renders_in_six_languages(make_run_data, name):
    spec = example(name)
    ctx = checks.context_for(spec)
    assert ctx.basis is not None, "the finder answers for the example's States"
    errors = [issue for issue in rules.check(spec, ctx) if issue.severity == rules.ERROR]
    assert errors == []
    reference = spec["requesting"]["reference"]
    for language in LANGUAGES:
        doc = document.build(spec, ctx, language)
        pdf = document.render(doc, "pdf")
        assert pdf.startswith(b"%PDF-")
        with zipfile.ZipFile(io.BytesIO(document.render(doc, "docx"))) as docx:
            assert reference in docx.read("word/header1.xml").decode()
