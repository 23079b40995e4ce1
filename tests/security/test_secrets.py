"""No secret in the repository: no private key, cloud key or token, no SECRET_KEY value, no .env
file among the tracked files; production refuses to start without a real SECRET_KEY."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.support import production_env

ROOT = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, str(ROOT / "backend" / "manage.py")]

PATTERNS = {
    "private key": re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"),
    "AWS access key": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "AWS secret key": re.compile(r"aws_secret_access_key\s*[=:]\s*['\"]?[A-Za-z0-9/+]{40}", re.IGNORECASE),
    "GitHub token": re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b"),
    "Slack token": re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    "Django startproject key": re.compile(r"django-insecure-[^\s'\"]{10,}"),
}
# SECRET_KEY = "<value>" / SECRET_KEY: <value> / SECRET_KEY=<value>, the value starting with a letter,
# digit or quote (not os.environ..., not ${...} interpolation, not a name).
SECRET_KEY_VALUE = re.compile(r"""\bSECRET_KEY\s*[:=]\s*(?!os\.)(?P<value>["'][^"']*["']|[A-Za-z0-9][^\s,)]*)""")
# Public, on purpose: .env.example's placeholder, the Docker build's collectstatic placeholder and
# settings' development fallback; production refuses the first and the last (tests below).
PLACEHOLDERS = {"remplacer-par-une-longue-valeur-aleatoire", "collectstatic-only"}
DEVELOPMENT_KEY = "dev-only-insecure-key-do-not-use-in-production"


def tracked_files() -> list[Path]:
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)  # noqa: S607
    names = listing.stdout.decode().split("\0")
    return [ROOT / name for name in names if name]


def text_of(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):  # deleted in the working tree, or a submodule
        return None
    if b"\0" in data[:8192]:
        return None
    return data.decode("utf-8", errors="replace")


def test_the_scanner_finds_what_it_looks_for():
    key = "-----BEGIN " + "RSA PRIVATE KEY-----"
    assert PATTERNS["private key"].search(key)
    assert PATTERNS["AWS access key"].search("AKIA" + "ABCDEFGHIJKLMNOP")
    assert SECRET_KEY_VALUE.search('SECRET_KEY = "' + 'abc"').group("value") == '"abc"'
    assert SECRET_KEY_VALUE.search("SECRET_KEY=" + "abc").group("value") == "abc"
    assert SECRET_KEY_VALUE.search('SECRET_KEY = os.environ["SECRET_KEY"]') is None
    assert SECRET_KEY_VALUE.search("SECRET_KEY: ${SECRET_KEY:?set it}") is None


def test_no_secret_in_the_tracked_files():
    found = []
    for path in tracked_files():
        text = text_of(path)
        if text is None:
            continue
        name = path.relative_to(ROOT).as_posix()
        for label, pattern in PATTERNS.items():
            if pattern.search(text):
                found.append(f"{name}: {label}")
        if name.startswith("tests/"):
            continue  # the tests' production-mode keys are throwaway values built for subprocesses
        for match in SECRET_KEY_VALUE.finditer(text):
            if match.group("value").strip("\"'") not in PLACEHOLDERS:
                found.append(f"{name}: SECRET_KEY value {match.group('value')[:12]}...")
    assert not found, found


def test_no_env_file_is_tracked():
    env_files = [
        path.name
        for path in tracked_files()
        if path.name == ".env" or (path.name.startswith(".env.") and path.name != ".env.example")
    ]
    assert not env_files
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT, check=False)  # noqa: S607
    assert ignored.returncode == 0, ".env must be in .gitignore"


def test_the_only_literal_key_in_settings_is_the_development_fallback():
    settings = (ROOT / "backend" / "tremplin" / "settings.py").read_text()
    assert f'os.environ.get("SECRET_KEY", "{DEVELOPMENT_KEY}")' in settings
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in settings


def run_check(env) -> subprocess.CompletedProcess:
    return subprocess.run([*MANAGE, "check"], env=env, capture_output=True, text=True, check=False)


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env(DATABASE_URL="sqlite:////tmp/tremplin-check.sqlite3")
    env.pop("SECRET_KEY")
    result = run_check(env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "key", [DEVELOPMENT_KEY, "remplacer-par-une-longue-valeur-aleatoire", "django-insecure-" + "x" * 40]
)
def test_production_refuses_a_published_key(key):
    env = production_env(DATABASE_URL="sqlite:////tmp/tremplin-check.sqlite3")
    env["SECRET_KEY"] = key
    result = run_check(env)
    assert result.returncode != 0
    assert "SECRET_KEY is a published placeholder" in result.stderr
