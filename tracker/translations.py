"""Compiles the translation catalogs.

Each concern keeps its strings in its own .po file under locale/<lang>/LC_MESSAGES/
(django.po for the foundation, others beside it), so that parallel work does not collide
in one file; they are merged into the single django.mo that Django reads.
"""

from pathlib import Path

import polib
from django.conf import settings


def compile_catalogs(force=False):
    compiled = []
    for locale_dir in settings.LOCALE_PATHS:
        for messages_dir in sorted(Path(locale_dir).glob("*/LC_MESSAGES")):
            sources = sorted(messages_dir.glob("*.po"))
            mo_path = messages_dir / "django.mo"
            if not sources:
                continue
            newest = max(path.stat().st_mtime for path in sources)
            if not force and mo_path.exists() and mo_path.stat().st_mtime >= newest:
                continue
            merged = polib.pofile(str(sources[0]))
            seen = {(entry.msgctxt, entry.msgid) for entry in merged}
            for extra in sources[1:]:
                for entry in polib.pofile(str(extra)):
                    key = (entry.msgctxt, entry.msgid)
                    if key not in seen and not entry.obsolete:
                        merged.append(entry)
                        seen.add(key)
            merged.save_as_mofile(str(mo_path))
            compiled.append(mo_path)
    return compiled
