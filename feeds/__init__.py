"""clea's feeds: RSS 2.0 podcast feeds and the OPML list, from plain contexts.

``feeds.model`` holds the context records (``Channel``, ``Entry``, ``FeedRef``)
that ``pipeline.build.feeds`` fills from the public view of the catalogue;
``feeds.rss`` renders a channel with feedgen, its iTunes extension
(``feeds.itunes``) and our Podcasting 2.0 extension (``feeds.podcast20``);
``feeds.opml`` writes the list. This package imports nothing from
``pipeline`` or ``media``, and from ``archive`` at most its model records.
"""
