"""Keys and passwords out of everything clea shows or logs.

A librarian may paste an address with a key in it (``https://KEY:SECRET@host``,
or a presigned S3 link with ``X-Amz-Signature=…``); boto3 then repeats it in
its own messages. Command-line errors and job logs are read by every account,
so each place that shows or logs an address, a target or a host's message
passes it through ``hide`` first. It is the one function for that.
"""

from __future__ import annotations

import os
import re

MASK = "***"

# scheme://user:password@ → scheme://***@ (the user name may be an access key id).
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s@?#\"'<>]+@")
# ?X-Amz-Signature=… &AWSAccessKeyId=… &token=… : the value, up to the next separator.
_QUERY = re.compile(
    r"(?i)([?&;](?:[a-z0-9_\-.]*(?:signature|credential|security-token|accesskeyid|secret"
    r"|token|password|passwd|pwd|apikey|api_key|access_key|sig))=)[^&;#\s\"'<>]*")
# The secrets this process was given in its environment, wherever they turn up.
_SECRET_VARIABLES = ("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")


def hide(text: str) -> str:
    """``text`` with every credential in an address (and any secret we hold) masked."""
    if not text:
        return text
    text = _USERINFO.sub(lambda m: m.group(1) + MASK + "@", text)
    text = _QUERY.sub(lambda m: m.group(1) + MASK, text)
    for name in _SECRET_VARIABLES:
        value = os.environ.get(name, "")
        if len(value) >= 8 and value in text:
            text = text.replace(value, MASK)
    return text


def has_credentials(url: str) -> bool:
    """Whether an address carries a user name, a password or a signed query."""
    return hide(url) != url
