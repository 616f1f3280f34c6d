"""Files that other processes may read while this one rewrites them.

Runs share the instance's storage folder, the stage cache and the output folder: a reader
must see the old file or the new one, never half of the new one (a truncated pickle is
`EOFError: Ran out of input`). So a file is written beside its final name under a name no
other writer uses, then renamed over it, which is atomic on one file system.
"""

import os
import secrets
from pathlib import Path


def replace_file(path: Path, data: bytes, durable: bool = False) -> None:
    """Write `data` to `path` all at once. `durable` also flushes it to disk before the
    rename, for the small files that say which version is current."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.partial")
    # Created like any other file (mode 0o666 less the umask), so the renamed file is as
    # readable by other users as one written in place.
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            if durable:
                file.flush()
                os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
