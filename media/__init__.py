"""clea's media: what a file is and what we make of it (probe, process, tag).

Knows nothing of the catalogue's storage: it takes paths and settings and
returns plain facts.
"""

from .errors import MediaError
from .probe import AUDIO, VIDEO, Probe, probe

__all__ = ["AUDIO", "VIDEO", "MediaError", "Probe", "probe"]
