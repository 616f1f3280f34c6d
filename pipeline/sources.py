"""Source files: find them, read their bytes, decode them, or say why not.

Nothing is lost here: every file under the source folder becomes one `SourceFile`,
either with decoded text or with the reason it was rejected.
"""

import codecs
import dataclasses
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

SOURCE_SUFFIXES = (".txt",)
DEFAULT_MAX_BYTES = 5_000_000

# Byte-order marks, longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Without a BOM, a text that is not UTF-8 is taken to be in one of these: the encodings
# English-language news scrapes come in. Anything else is rejected, not guessed.
_LEGACY_ENCODINGS = ("cp1252", "latin_1")
# A decoded text with more than this share of control characters is binary, not text.
_MAX_CONTROL_SHARE = 0.01


@dataclass(frozen=True)
class SourceFile:
    article_id: str
    source_path: str
    content_sha256: str
    size_bytes: int
    encoding: str | None
    raw_text: str | None
    reject_reason: str | None


def list_source_files(source_dir: Path) -> list[Path]:
    """Every regular file under `source_dir` with a source suffix, in a stable order."""
    return sorted(
        path
        for path in source_dir.rglob("*")
        if path.is_file() and path.suffix.lower() in SOURCE_SUFFIXES and not path.name.startswith(".")
    )


# Unicode's control characters (category Cc) but for tab, newline, form feed and return.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _control_share(text: str) -> float:
    return len(_CONTROL_CHARACTERS.findall(text)) / max(len(text), 1)


def _looks_like_bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as a NUL in every other byte of ASCII text."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0) / (len(data) / 2)
    odd_nuls = data[1::2].count(0) / (len(data) / 2)
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str | None, str | None, str | None]:
    """Decode a source file's bytes: (text, encoding, None) or (None, None, reject reason)."""
    if not data.strip():
        return None, None, "empty file"
    if len(data) > max_bytes:
        return None, None, f"oversized: {len(data)} bytes, the limit is {max_bytes}"

    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    encoding = encoding or _looks_like_bomless_utf16(data)
    if encoding is None and b"\x00" in data:
        return None, None, "binary content: NUL bytes in a file that is not UTF-16 or UTF-32"
    candidates = [encoding] if encoding else ["utf-8"]
    if encoding is None:
        best = from_bytes(data, cp_isolation=list(_LEGACY_ENCODINGS)).best()
        candidates += [best.encoding] if best else []
        candidates += list(_LEGACY_ENCODINGS)

    for candidate in candidates:
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        if _control_share(text) > _MAX_CONTROL_SHARE:
            return None, None, f"binary content: too many control characters when read as {candidate}"
        if not any(ch.isalpha() for ch in text):
            return None, None, "no text: the file has no letters"
        return text, candidate, None
    return None, None, f"undecodable: not valid in any of {', '.join(candidates)}"


def read_source_file(path: Path, source_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile:
    relative = path.relative_to(source_dir).as_posix()
    size = path.stat().st_size
    if size > max_bytes:
        # Hash without holding an oversized file in memory.
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        reason = f"oversized: {size} bytes, the limit is {max_bytes}"
        return SourceFile(path.stem, relative, digest.hexdigest(), size, None, None, reason)
    data = path.read_bytes()
    text, encoding, reason = decode_bytes(data, max_bytes)
    return SourceFile(path.stem, relative, hashlib.sha256(data).hexdigest(), size, encoding, text, reason)


def relative_source_paths(source_dir: Path) -> list[str]:
    return [path.relative_to(source_dir).as_posix() for path in list_source_files(source_dir)]


def source_file_mtimes(source_dir: Path) -> dict[str, float]:
    """Relative path -> mtime of every source file: what ingest batches are made from."""
    return {path.relative_to(source_dir).as_posix(): path.stat().st_mtime for path in list_source_files(source_dir)}


def read_source_files(
    relative_paths: list[str], source_dir: Path, all_paths: list[str], max_bytes: int = DEFAULT_MAX_BYTES
) -> list[SourceFile]:
    """The given files, decoded or rejected. A file whose article_id an earlier file of the
    whole folder (`all_paths`, in listing order) has taken is rejected, since ids must stay
    unique: same name in another subfolder. The whole folder decides, so a batch read alone
    rejects the same files as the folder read at once."""
    owners: dict[str, str] = {}
    for path in all_paths:
        owners.setdefault(Path(path).stem, path)
    records = []
    for relative in relative_paths:
        record = read_source_file(source_dir / relative, source_dir, max_bytes)
        owner = owners[record.article_id]
        if owner != record.source_path and record.reject_reason is None:
            reason = f"duplicate article_id: {owner} has the same file name"
            record = dataclasses.replace(record, raw_text=None, reject_reason=reason)
        records.append(record)
    return records


def read_source_folder(source_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[SourceFile]:
    """Every source file, decoded or rejected."""
    paths = relative_source_paths(source_dir)
    return read_source_files(paths, source_dir, paths, max_bytes)
