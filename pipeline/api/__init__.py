"""The one library API the command line and the web interface call for every action.

Open an archive for an actor (``Library.open(folder)`` for the command line's
system user, ``Library(cat, Actor(name, role))`` for a web account), call one
method per action, present what it returns. See ``library.py``.
"""

from pipeline.api.catalogue import NewSeries, ResidenceValues, SeriesChanges
from pipeline.api.items import Edited, ItemChanges, ItemView, NewRecording, SideFiles
from pipeline.api.library import Actor, Library, default_site
from pipeline.api.public import PublicLinks
from pipeline.api.work import JOB_KINDS, PUBLISH_KINDS
from pipeline.services.jingles import JingleFile

__all__ = ["JOB_KINDS", "PUBLISH_KINDS", "Actor", "Edited", "ItemChanges", "ItemView",
           "JingleFile", "Library", "NewRecording", "NewSeries", "PublicLinks", "ResidenceValues",
           "SeriesChanges", "SideFiles", "default_site"]
