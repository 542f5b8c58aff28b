"""Preservation and the library network: deposits, harvesting, backups, a replica.

- ``bag``: BagIt deposits (``clea export bag``, ``clea import bag``);
- ``dublincore`` and ``itemjson``: what a deposit or a harvester is told of an item;
- ``oai`` and ``wsgi``: the OAI-PMH 2.0 data provider library catalogues harvest;
- ``stores``: a folder or an S3-compatible bucket, for backups and the replica;
- ``backup``: ``clea backup`` and ``clea restore``;
- ``replica``: the originals kept on object storage, and checked there.

What may leave the library goes through the same public view as the site
(``pipeline.build.public`` and ``pipeline.build.redact``): no uncleared item
and no minor's name ever reaches a bag made for outside or a harvester.
"""
