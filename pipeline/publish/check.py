"""``--check``: what differs between the manifest and what the target really holds.

Someone may have deleted or replaced an object by hand, or emptied the
bucket; the manifest would not know. Listing the target (one request per
thousand objects, or a walk of the folder) shows it without reading a byte.
"""

from __future__ import annotations

from archive.manifest import Entry
from pipeline.publish.plan import LocalFile
from pipeline.publish.target import Remote


def compare(files: list[LocalFile], published: dict[str, Entry],
            remote: dict[str, Remote]) -> list[str]:
    """One line per difference between the manifest and the target, sorted by key."""
    lines: list[str] = []
    for key, entry in sorted(published.items()):
        found = remote.get(key)
        if found is None:
            lines.append(f"missing on target: {key}")
        elif found.size != entry.size:
            lines.append(f"altered on target: {key} ({found.size} bytes, "
                         f"{entry.size} published)")
        elif found.etag != entry.etag:
            lines.append(f"altered on target: {key} (not the object clea published)")
    in_site = {f.key for f in files}
    for key in sorted(remote):
        if key not in published and key not in in_site:
            lines.append(f"not from this site (left alone): {key}")
    return lines
