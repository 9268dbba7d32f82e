"""Set up fiscal-warehouse on a fresh machine and run the main job on the bundled sample.

    python3 scripts/bootstrap.py            # venv + locked install + `fiscal ingest`
    python3 scripts/bootstrap.py --no-ingest

Needs only Python >= 3.11 (with venv) and the package registry. Creates ``.venv`` in the
project folder, installs the exact versions of ``requirements.lock`` (hash-checked), the
project itself in editable mode, then runs ``fiscal ingest``. Running it again only
re-installs when the lock file changed.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".requirements.lock.sha256"
MINIMUM = (3, 11)


def run(*command: str | Path) -> None:
    """Run a command, echoing it; stop the bootstrap if it fails."""
    printable = " ".join(str(part) for part in command)
    print(f"+ {printable}", flush=True)
    completed = subprocess.run([str(part) for part in command], cwd=ROOT)
    if completed.returncode != 0:
        sys.exit(f"bootstrap: failed ({completed.returncode}): {printable}")


def main(argv: list[str]) -> None:
    """Create the venv, install the lock, install the project, run the main job."""
    if sys.version_info < MINIMUM:
        sys.exit(f"bootstrap: Python >= 3.11 is needed, this is {sys.version.split()[0]}")
    python = VENV / "bin" / "python"
    if not python.exists():
        print(f"Creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    lock_hash = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != lock_hash:
        run(python, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", LOCK)
        STAMP.write_text(lock_hash + "\n")
    run(python, "-m", "pip", "install", "--quiet", "--no-deps", "-e", ROOT)
    if "--no-ingest" not in argv:
        run(VENV / "bin" / "fiscal", "ingest")


if __name__ == "__main__":
    main(sys.argv[1:])
