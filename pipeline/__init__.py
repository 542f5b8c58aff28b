"""clea's pipeline: command line, settings, ingest, the incremental build, the
static site, publishing, the preview server and the librarians' web interface.

Arrows point one way: pipeline uses feeds, media and archive; nothing uses pipeline.
"""
