"""Consistent backups of the whole platform, portable between SQLite and PostgreSQL.

An archive (tar.gz) holds `manifest.json` (format, date, database vendor, row counts per
model, every uploaded file with its SHA-256), `data.jsonl` (every row, Django's JSON Lines
serialisation with natural keys, read inside one snapshot transaction) and `uploads/…`.
Restoring checks the archive first, then loads everything in one transaction into an empty
database and verifies every file's checksum.
"""

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import connection, models, transaction
from django.utils import timezone

from rogatory.core.limits import MB, TooLarge, lines_at_most

FORMAT = 1
MAX_MANIFEST_BYTES = 64 * MB
# One row of data.jsonl (a library item holds a whole law) is at most this long.
MAX_ROW_BYTES = 64 * MB
MAX_MEMBERS = 1_000_000
# Recreated by `migrate` itself, or session state not worth keeping.
SKIPPED_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


class BackupError(Exception):
    pass


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete model with a table, parents before children."""
    app_list = {config: None for config in apps.get_app_configs()}
    ordered = serializers.sort_dependencies(app_list.items(), allow_cycles=True)
    return [m for m in ordered if m._meta.label_lower not in SKIPPED_MODELS
            and m._meta.managed and not m._meta.proxy]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def upload_files() -> Iterator[Path]:
    root = Path(settings.MEDIA_ROOT)
    if root.exists():
        yield from sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
    archive.addfile(info, io.BytesIO(data))


def _serialise(stream: io.TextIOBase, counts: dict[str, int]) -> None:
    for model in backed_up_models():
        queryset = model._default_manager.order_by("pk")
        counts[model._meta.label_lower] = queryset.count()
        serializers.serialize("jsonl", queryset.iterator(chunk_size=2000), stream=stream,
                              use_natural_foreign_keys=True, use_natural_primary_keys=False)


def create_backup(path: Path, out: Callable[[str], None] = lambda _line: None) -> None:
    """Write a snapshot of the database and the uploaded files to `path`."""
    counts: dict[str, int] = {}
    # Rows stream to a temporary file, so a large database never has to fit in memory.
    with tempfile.NamedTemporaryFile("w+", encoding="utf-8", suffix=".jsonl",
                                     dir=settings.DATA_DIR) as data, transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        _serialise(data, counts)
        data.flush()
        _write_archive(path, counts, data.name)
    out(f"backed up {sum(counts.values())} rows to {path}")


def _write_archive(path: Path, counts: dict[str, int], data_file: str) -> None:
    root = Path(settings.MEDIA_ROOT)
    files = [{"path": p.relative_to(root).as_posix(), "sha256": sha256_file(p),
              "size": p.stat().st_size} for p in upload_files()]
    manifest = {"format": FORMAT, "created": timezone.now().isoformat(),
                "vendor": connection.vendor, "counts": counts, "files": files}
    with tarfile.open(path, "w:gz") as archive:
        _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
        archive.add(data_file, arcname="data.jsonl")
        for entry in files:
            archive.add(root / entry["path"], arcname=f"uploads/{entry['path']}")


def _safe_upload_name(name: str) -> PurePosixPath:
    relative = PurePosixPath(name).relative_to("uploads")
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise BackupError(f"unsafe path in archive: {name}")
    return relative


def _hash_member(archive: tarfile.TarFile, member: tarfile.TarInfo) -> str:
    digest = hashlib.sha256()
    handle = archive.extractfile(member)
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def restore_limit() -> int:
    """The most bytes an archive may expand to: `RESTORE_MAX_BYTES`, else the free space."""
    configured = getattr(settings, "RESTORE_MAX_BYTES", None)
    return configured or shutil.disk_usage(settings.DATA_DIR).free


def _members(archive: tarfile.TarFile) -> dict[str, tarfile.TarInfo]:
    """Every member by name. Only headers are read, and reading stops as soon as the sizes
    they declare pass the limit: a compression bomb is refused before it is expanded."""
    limit, total, members = restore_limit(), 0, {}
    for member in archive:
        total += member.size + tarfile.BLOCKSIZE
        if total > limit or len(members) >= MAX_MEMBERS:
            raise BackupError(f"the archive expands to more than {limit // MB} MB or holds "
                              f"more than {MAX_MEMBERS} entries: refused")
        members[member.name] = member
    return members


def _manifest(archive: tarfile.TarFile, members: dict[str, tarfile.TarInfo]) -> dict:
    for name in ("manifest.json", "data.jsonl"):
        if name not in members:
            raise BackupError("not a Rogatory backup: manifest.json or data.jsonl missing")
        if not members[name].isfile():
            raise BackupError(f"unexpected entry in archive: {name} is not a regular file")
    if members["manifest.json"].size > MAX_MANIFEST_BYTES:
        raise BackupError(f"manifest.json is larger than {MAX_MANIFEST_BYTES // MB} MB")
    manifest = json.loads(archive.extractfile(members["manifest.json"]).read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unsupported backup format {manifest.get('format')!r}")
    return manifest


def _check_uploads(archive: tarfile.TarFile, members: dict[str, tarfile.TarInfo],
                   manifest: dict) -> None:
    uploads = {}
    for name, member in members.items():
        if name in ("manifest.json", "data.jsonl"):
            continue
        if not name.startswith("uploads/") or not member.isfile():
            raise BackupError(f"unexpected entry in archive: {name}")
        uploads[_safe_upload_name(name).as_posix()] = member
    root = Path(settings.MEDIA_ROOT)
    for entry in manifest["files"]:
        member = uploads.get(entry["path"])
        if member is None or _hash_member(archive, member) != entry["sha256"]:
            raise BackupError(f"file {entry['path']} is missing or damaged in the archive")
        if (root / entry["path"]).exists():
            raise BackupError(f"file {entry['path']} already exists: restore only into an "
                              "empty upload folder")


def verify_archive(path: Path) -> dict:
    """Check an archive completely before anything is written; return its manifest."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = _members(archive)
            manifest = _manifest(archive, members)
            _check_uploads(archive, members, manifest)
    except (tarfile.TarError, OSError, EOFError, zlib.error, json.JSONDecodeError,
            UnicodeDecodeError, KeyError, TypeError, AttributeError) as error:
        raise BackupError(f"cannot read the backup: {error!r}") from error
    return manifest


def database_is_empty() -> bool:
    return not any(model._default_manager.exists() for model in backed_up_models())


def _load_rows(archive: tarfile.TarFile) -> None:
    with tempfile.NamedTemporaryFile(suffix=".jsonl", dir=settings.DATA_DIR) as fixture:
        # Copied line by line: a row longer than the limit is refused, never held in memory.
        try:
            for _number, line in lines_at_most(archive.extractfile("data.jsonl"), MAX_ROW_BYTES):
                fixture.write(line)
        except TooLarge as error:
            raise BackupError(f"data.jsonl: {error}") from error
        fixture.flush()
        call_command("loaddata", fixture.name, format="jsonl", verbosity=0)


def _extract_uploads(archive: tarfile.TarFile, manifest: dict) -> None:
    """Write every file; on any failure remove those already written (all or nothing)."""
    root, written = Path(settings.MEDIA_ROOT), []
    try:
        for entry in manifest["files"]:
            target = root / entry["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("xb") as handle:
                written.append(target)
                shutil.copyfileobj(archive.extractfile(f"uploads/{entry['path']}"), handle)
            target.chmod(0o600)
            if sha256_file(target) != entry["sha256"]:
                raise BackupError(f"checksum mismatch after restore: {entry['path']}")
    except BaseException:
        _remove(written, root)
        raise


def _remove(files: list[Path], root: Path) -> None:
    """Delete `files`, then the folders under `root` they leave empty."""
    for target in files:
        target.unlink(missing_ok=True)
        for folder in target.parents:
            if folder == root or root not in folder.parents or any(folder.iterdir()):
                break
            folder.rmdir()


def restore_backup(path: Path, out: Callable[[str], None] = lambda _line: None) -> dict:
    """Restore an archive into an empty database and upload folder; all or nothing."""
    manifest = verify_archive(path)
    call_command("migrate", interactive=False, verbosity=0)
    if not database_is_empty():
        raise BackupError("the database is not empty: restore only into a new, empty database")
    with transaction.atomic(), tarfile.open(path, "r:gz") as archive:
        _load_rows(archive)
        _extract_uploads(archive, manifest)
    out(f"restored {sum(manifest['counts'].values())} rows and {len(manifest['files'])} files")
    return manifest
