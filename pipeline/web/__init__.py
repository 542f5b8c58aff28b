"""The librarians' web interface: a French skin over the same library as the CLI.

``create_app(folder)`` builds the Flask application; ``server.make_server``
serves it with waitress and starts the job worker beside it (``clea web``).
"""

from pipeline.web.app import create_app

__all__ = ["create_app"]
