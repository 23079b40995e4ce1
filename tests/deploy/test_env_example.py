""".env.example lists every setting read from the environment, and docker-compose.yml reads no other."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "backend" / "tremplin" / "settings.py"


def env_example() -> dict[str, str]:
    pairs = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            pairs[name.strip()] = value.strip()
    return pairs


def _is_os_environ(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ" and getattr(node.value, "id", None) == "os"


def _name(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def variables_read(source: str) -> set[str]:
    """Names read with os.environ[...], os.environ.get(), os.getenv(), an env_*() helper,
    ``"NAME" in os.environ`` or dj_database_url.config() (DATABASE_URL unless env= says otherwise)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Subscript) and _is_os_environ(node.value):
            found.add(_name(node.slice))
        elif isinstance(node, ast.Compare) and any(_is_os_environ(item) for item in node.comparators):
            found.add(_name(node.left))
        elif isinstance(node, ast.Call):
            function = node.func
            first = _name(node.args[0]) if node.args else None
            attribute = function.attr if isinstance(function, ast.Attribute) else None
            environ_get = attribute in {"get", "pop"} and _is_os_environ(function.value)
            helper = isinstance(function, ast.Name) and function.id.startswith("env_")
            if environ_get or attribute == "getenv" or helper:
                found.add(first)
            elif (
                isinstance(function, ast.Attribute)
                and function.attr == "config"
                and (getattr(function.value, "id", None) == "dj_database_url")
            ):
                keywords = {keyword.arg: _name(keyword.value) for keyword in node.keywords}
                found.add(keywords.get("env", "DATABASE_URL"))
    found.discard(None)
    return found


def test_the_scanner_finds_the_settings_reads():
    found = variables_read(SETTINGS.read_text())
    # The helpers' own parameter (os.environ.get(name, ...)) is not a constant: not counted.
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DATABASE_REPLICA_URL", "EMAIL_USE_TLS"} <= found
    assert variables_read('import os\nx = "A" in os.environ\ny = os.getenv("B")\nz = env_int("C")') == {"A", "B", "C"}


def test_env_example_lists_every_setting_read_from_the_environment():
    missing = variables_read(SETTINGS.read_text()) - env_example().keys()
    assert not missing, f"add to .env.example, with a one-line comment: {sorted(missing)}"


def test_env_example_comments_each_variable():
    lines = (ROOT / ".env.example").read_text().splitlines()
    for number, line in enumerate(lines):
        if line.strip() and not line.startswith("#"):
            # A comment right above, or the line belongs to a group under one comment (DAILY_AT, DAILY_TZ).
            above = lines[number - 1]
            assert above.startswith("#") or (above.strip() and not above.startswith("#")), line


def test_env_example_holds_no_real_secret():
    pairs = env_example()
    assert "remplacer" in pairs["SECRET_KEY"]
    assert "remplacer" in pairs["POSTGRES_PASSWORD"]
    assert pairs["EMAIL_HOST_PASSWORD"] == ""
    assert (ROOT / ".gitignore").read_text().splitlines().count(".env") == 1


def test_docker_compose_reads_only_listed_variables():
    compose = (ROOT / "docker-compose.yml").read_text()
    used = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", compose))
    assert {"SECRET_KEY", "POSTGRES_PASSWORD", "DATABASE_REPLICA_URL"} <= used
    missing = used - env_example().keys()
    assert not missing, f"add to .env.example: {sorted(missing)}"
