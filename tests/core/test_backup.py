import hashlib
import io
import json
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from rogatory.accounts.models import AuthEvent, User
from rogatory.core.backup import BackupError, backed_up_models, create_backup, restore_backup
from rogatory.directory.models import Authority

pytestmark = pytest.mark.django_db(transaction=True)


def _counts() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in backed_up_models()}


def _empty_database() -> None:
    call_command("flush", interactive=False, verbosity=0)


def test_backup_and_restore_bring_back_every_row_and_document(actors, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    document = settings.MEDIA_ROOT / "cases" / "1" / "request.pdf"
    document.parent.mkdir(parents=True)
    document.write_bytes(b"%PDF-1.7 confidential request")
    checksum = hashlib.sha256(document.read_bytes()).hexdigest()
    AuthEvent.objects.create(kind="login", email="officer@a.test")
    actors.authority_a.name_en = "Renamed"  # a history row too
    actors.authority_a.save()
    before = _counts()

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    _empty_database()
    document.unlink()
    assert not User.objects.exists()

    call_command("restore", str(archive), stdout=io.StringIO())
    assert _counts() == before
    assert hashlib.sha256(document.read_bytes()).hexdigest() == checksum
    restored = User.objects.get(email="officer@a.test")
    assert restored.authority.name_en == "Renamed" and restored.check_password(
        "correct horse battery staple 42")
    assert Authority.objects.get(pk=actors.authority_a.pk).history.count() == 2
    # Sequences continue after the restored ids: new rows do not collide.
    assert Authority.objects.create(state_id="NL", name="New").pk > actors.authority_b.pk


def test_restore_refuses_a_database_that_is_not_empty(actors, tmp_path):
    archive = tmp_path / "b.tar.gz"
    with override_settings(MEDIA_ROOT=tmp_path / "u"):
        create_backup(archive)
        with pytest.raises(CommandError, match="not empty"):
            call_command("restore", str(archive), stdout=io.StringIO())


def _archive_with(tmp_path, files: dict[str, bytes], manifest_files: list[dict]) -> str:
    path = tmp_path / "evil.tar.gz"
    manifest = {"format": 1, "counts": {}, "files": manifest_files}
    with tarfile.open(path, "w:gz") as archive:
        for name, data in {"manifest.json": json.dumps(manifest).encode(),
                           "data.jsonl": b"", **files}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return str(path)


@pytest.mark.parametrize(("files", "entries", "reason"), [
    ({"uploads/../../etc/x": b"x"}, [], "unsafe path"),
    ({}, [{"path": "a.pdf", "sha256": "0" * 64, "size": 1}], "missing or damaged"),
    ({"uploads/a.pdf": b"tampered"}, [{"path": "a.pdf", "sha256": "0" * 64, "size": 1}],
     "missing or damaged"),
])
def test_restore_rejects_damaged_or_hostile_archives(tmp_path, files, entries, reason):
    _empty_database()
    with pytest.raises(CommandError, match=reason):
        call_command("restore", _archive_with(tmp_path, files, entries), stdout=io.StringIO())
    assert not User.objects.exists()


def test_restore_rejects_a_file_that_is_not_a_backup(tmp_path):
    path = tmp_path / "x.tar.gz"
    path.write_bytes(b"not a tar file")
    with pytest.raises(BackupError, match="cannot read"):
        restore_backup(path)
