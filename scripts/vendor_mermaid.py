"""Vendor one pinned Mermaid release from the npm registry into docs/assets/vendor/mermaid/.

Usage: python scripts/vendor_mermaid.py 12.3.0

Why vendored: the site must draw its diagrams with no network at all and must load nothing
from a CDN. We copy the ESM build (a 32 KB entry plus chunks that the browser loads lazily,
one per diagram type) rather than the 3 MB single-file bundle, so a page pays only for the
diagram types it uses. Source maps are left out (25 MB; browsers fetch them only with the
developer tools open). The files are copied byte for byte, so SHA256SUMS can be checked
against the npm tarball at any time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "docs" / "assets" / "vendor" / "mermaid"
ENTRY = "dist/mermaid.esm.min.mjs"
CHUNKS = "dist/chunks/mermaid.esm.min"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version", help="exact Mermaid version, e.g. 12.3.0")
    version = parser.parse_args().version
    with tempfile.TemporaryDirectory() as tmp:
        tarball = npm_pack(version, Path(tmp))
        package = extract(tarball, Path(tmp))
        copy_release(package, version)
    print(f"Vendored mermaid {version} into {TARGET}")
    return 0


def npm_pack(version: str, workdir: Path) -> Path:
    result = subprocess.run(
        ["npm", "pack", f"mermaid@{version}", "--json"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    info = json.loads(result.stdout)[0]
    if info["version"] != version:
        sys.exit(f"npm returned mermaid {info['version']}, not {version}")
    return workdir / info["filename"]


def extract(tarball: Path, workdir: Path) -> Path:
    with tarfile.open(tarball) as archive:
        try:
            archive.extractall(workdir, filter="data")
        except TypeError:  # Python before 3.11.4 has no extraction filters: check by hand
            for member in archive.getmembers():
                target = (workdir / member.name).resolve()
                if workdir.resolve() not in target.parents or not (
                    member.isfile() or member.isdir()
                ):
                    sys.exit(f"refusing to extract {member.name!r} from the npm tarball")
            archive.extractall(workdir)
    return workdir / "package"


def copy_release(package: Path, version: str) -> None:
    if TARGET.exists():
        shutil.rmtree(TARGET)
    (TARGET / "chunks" / "mermaid.esm.min").mkdir(parents=True)
    # Keep the dist/ layout below the entry: the entry imports "./chunks/mermaid.esm.min/…".
    shutil.copy2(package / ENTRY, TARGET / "mermaid.esm.min.mjs")
    for chunk in sorted((package / CHUNKS).glob("*.mjs")):
        shutil.copy2(chunk, TARGET / "chunks" / "mermaid.esm.min" / chunk.name)
    shutil.copy2(package / "LICENSE", TARGET / "LICENSE")
    (TARGET / "VERSION").write_text(f"{version}\n")
    write_checksums()


def write_checksums() -> None:
    lines = []
    for path in sorted(TARGET.rglob("*.mjs")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(TARGET).as_posix()}")
    (TARGET / "SHA256SUMS").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
