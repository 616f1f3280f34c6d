"""Source files: find them, read their bytes, decode them, or say why not.

Nothing is lost here: every path under the source folder that is or may be a source (a
`.txt` name, a folder, a link whose target cannot be reached) becomes one `SourceFile`,
either with decoded text or with the reason it was rejected. Other files are not sources:
they are only counted.
"""

import codecs
import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from pipeline.text.html_pages import looks_like_html

SOURCE_SUFFIX = ".txt"
DEFAULT_MAX_BYTES = 5_000_000
# spaCy's default `max_length`: a longer text makes the parse fail, so it is rejected here.
DEFAULT_MAX_CHARS = 1_000_000
# What a reject that could not be read at all records as its content hash: that of no bytes.
NO_CONTENT_SHA256 = hashlib.sha256(b"").hexdigest()

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


class SourceFolderError(Exception):
    """The source folder itself is missing or cannot be read: no run can start."""


@dataclass(frozen=True)
class SourceFile:
    article_id: str
    source_path: str
    content_sha256: str
    size_bytes: int
    encoding: str | None
    raw_text: str | None
    reject_reason: str | None


@dataclass(frozen=True)
class SourceListing:
    """One walk of the source folder. `mtimes` has every path that is or may be a source,
    read or not (batches are made of it); `skipped` says why some of them cannot be read;
    `other_files` counts the files that are not sources (no `.txt` suffix)."""

    mtimes: dict[str, float]
    skipped: dict[str, str]
    other_files: int


def article_id_of(relative_path: str) -> str:
    """The contract's id: the path relative to the source folder without its extension, so
    `a/same.txt` and `b/same.txt` are `a/same` and `b/same`. A skipped folder keeps its
    trailing `/`, an id no file can have."""
    if relative_path.endswith("/"):
        return relative_path
    return Path(relative_path).with_suffix("").as_posix()


def _is_source_name(name: str) -> bool:
    return name.lower().endswith(SOURCE_SUFFIX)


def _may_be_source(name: str) -> bool:
    """A path whose kind is unknown (its link is broken) may be a source if it has a `.txt`
    name or no suffix at all (a folder?)."""
    return _is_source_name(name) or not Path(name).suffix


def _unreachable_reason(entry: os.DirEntry, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symlink loop: the link leads to itself through other links"
    if isinstance(error, FileNotFoundError) and entry.is_symlink():
        return f"dangling symlink: its target {os.readlink(entry.path)} does not exist"
    return f"unreadable: {error.strerror.lower()}"


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device" if stat.S_ISBLK(mode) or stat.S_ISCHR(mode) else "not a regular file"


def _folder_entries(folder: Path) -> list[os.DirEntry]:
    """The folder's entries; PermissionError unless it can be both listed (r) and entered (x):
    without x its files are named but cannot be opened."""
    if not os.access(folder, os.R_OK | os.X_OK):
        raise PermissionError(13, "Permission denied", str(folder))
    with os.scandir(folder) as entries:
        return list(entries)


def _lstat_mtime(path: str) -> float:
    try:
        return os.lstat(path).st_mtime
    except OSError:
        return 0.0


def scan_source_folder(source_dir: Path) -> SourceListing:
    """Walk the folder once: sources with their mtimes, the paths that cannot be read and
    why, and how many other files there are. Links are followed, unless they lead back to a
    folder being walked (a loop)."""
    if not source_dir.is_dir():
        problem = "is not a folder" if source_dir.exists() else "does not exist"
        raise SourceFolderError(f"source folder {source_dir} {problem}")
    mtimes: dict[str, float] = {}
    skipped: dict[str, str] = {}
    other_files = 0

    def skip(relative: str, reason: str, entry_path: str) -> None:
        mtimes[relative] = _lstat_mtime(entry_path)
        skipped[relative] = reason

    root = source_dir.stat()
    # (folder, its path relative to the source folder with a trailing "/", the (device,
    # inode) of it and of the folders above it).
    pending = [(source_dir, "", ((root.st_dev, root.st_ino),))]
    while pending:
        folder, prefix, ancestors = pending.pop()
        try:
            entries = _folder_entries(folder)
        except OSError as error:
            if not prefix:
                raise SourceFolderError(f"source folder {source_dir} cannot be read: {error.strerror}") from error
            skip(prefix, f"unreadable folder: {error.strerror.lower()}", str(folder))
            continue
        for entry in entries:
            relative = prefix + entry.name
            try:
                # Follows a link: a dangling one or a loop of links raises here.
                target = entry.stat()
            except OSError as error:
                if _may_be_source(entry.name):
                    skip(relative, _unreachable_reason(entry, error), entry.path)
                else:
                    other_files += 1
                continue
            if stat.S_ISDIR(target.st_mode):
                identity = (target.st_dev, target.st_ino)
                if entry.name.startswith("."):
                    skip(relative + "/", "hidden folder (its name starts with '.'): not searched", entry.path)
                elif identity in ancestors:
                    skip(relative + "/", "symlink loop: the link leads back to a folder that contains it", entry.path)
                else:
                    pending.append((Path(entry.path), relative + "/", ancestors + (identity,)))
            elif not _is_source_name(entry.name):
                other_files += 1
            elif entry.name.startswith("."):
                skip(relative, "hidden file (its name starts with '.'): not read as a source", entry.path)
            elif not stat.S_ISREG(target.st_mode):
                skip(relative, f"not a regular file: {_special_kind(target.st_mode)}", entry.path)
            elif not os.access(entry.path, os.R_OK):
                skip(relative, "unreadable file: permission denied", entry.path)
            else:
                mtimes[relative] = target.st_mtime
    return SourceListing(dict(sorted(mtimes.items())), dict(sorted(skipped.items())), other_files)


def list_source_files(source_dir: Path) -> list[Path]:
    """The source files that can be read, in a stable order (see `scan_source_folder` for
    the rest)."""
    listing = scan_source_folder(source_dir)
    return [source_dir / relative for relative in listing.mtimes if relative not in listing.skipped]


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


def article_text(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> tuple[str | None, str | None]:
    """The decoded text, (text, None), or (None, reject reason) when the parser cannot take
    it. A web page's own length says nothing of its article's: the clean stage extracts the
    article (pipeline/text/html_pages.py) and checks that instead."""
    if len(text) > max_chars and not looks_like_html(text):
        return None, over_parser_limit(text, max_chars)
    return text, None


def over_parser_limit(text: str, max_chars: int) -> str | None:
    """Why a text is too long for the parser, or None."""
    return f"text of {len(text):,} characters is over the parser's limit of {max_chars:,}" if len(text) > max_chars else None


def _rejected(relative: str, reason: str, sha256: str = NO_CONTENT_SHA256, size: int = 0) -> SourceFile:
    return SourceFile(article_id_of(relative), relative, sha256, size, None, None, reason)


def read_source_file(
    relative: str, source_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES, max_chars: int = DEFAULT_MAX_CHARS
) -> SourceFile:
    path = source_dir / relative
    try:
        size = path.stat().st_size
        if size > max_bytes:
            # Hash without holding an oversized file in memory.
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            return _rejected(relative, f"oversized: {size} bytes, the limit is {max_bytes}", digest.hexdigest(), size)
        data = path.read_bytes()
    except OSError as error:
        # Listed readable, then not: changed permissions or a file removed during the run.
        return _rejected(relative, f"unreadable file: {error.strerror.lower()}")
    sha256 = hashlib.sha256(data).hexdigest()
    text, encoding, reason = decode_bytes(data, max_bytes)
    if text is not None:
        text, reason = article_text(text, max_chars)
    return SourceFile(article_id_of(relative), relative, sha256, size, encoding if text else None, text, reason)


def read_source_files(
    relative_paths: list[str],
    source_dir: Path,
    skipped: dict[str, str],
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> list[SourceFile]:
    """The given paths, decoded or rejected; a path the listing skipped (`skipped`, path ->
    why) is rejected with its reason and never opened: a FIFO would block the read."""
    return [
        _rejected(relative, skipped[relative])
        if relative in skipped
        else read_source_file(relative, source_dir, max_bytes, max_chars)
        for relative in relative_paths
    ]


def read_source_folder(
    source_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES, max_chars: int = DEFAULT_MAX_CHARS
) -> list[SourceFile]:
    """Every source path, decoded or rejected."""
    listing = scan_source_folder(source_dir)
    return read_source_files(list(listing.mtimes), source_dir, listing.skipped, max_bytes, max_chars)
