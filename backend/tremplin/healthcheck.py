"""The backend container's health check: ``python -m tremplin.healthcheck [URL]``.

GETs /healthz on the local gunicorn and exits 0 when it answers 200, 1 otherwise. Standard
library only: no Django start-up at every check. The Host header is one that ALLOWED_HOSTS
accepts (Django answers 400 to any other), and the call is plain HTTP (/healthz is exempt from
the HTTPS redirect)."""

import os
import sys
import urllib.error
import urllib.request

DEFAULT_URL = "http://127.0.0.1:8000/healthz"


def allowed_host() -> str:
    hosts = [host.strip() for host in os.environ.get("ALLOWED_HOSTS", "").split(",") if host.strip()]
    # ".example.org" allows example.org and its subdomains; "*" allows anything.
    return next((host.lstrip(".") for host in hosts if host != "*"), "localhost")


def main(argv: list[str]) -> int:
    url = argv[1] if len(argv) > 1 else DEFAULT_URL
    if not url.startswith(("http://", "https://")):
        print(f"healthcheck: not an HTTP URL: {url}", file=sys.stderr)
        return 1
    request = urllib.request.Request(url, headers={"Host": allowed_host()})  # noqa: S310 (checked above)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as error:
        print(f"healthcheck: {url}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
