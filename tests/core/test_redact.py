"""The redactor: every listed credential shape goes, ordinary log text stays."""

from __future__ import annotations

import base64
import json

import pytest

from autoheal.redact import redact, redact_data

# Built at run time so no credential-shaped literal sits in the repository.
A36 = "A1b2C3d4E5" * 3 + "f6G7h8"
SECRETS = {
    "github classic": "ghp_" + A36,
    "github oauth": "gho_" + A36,
    "github user-to-server": "ghu_" + A36,
    "github server-to-server": "ghs_" + A36,
    "github refresh": "ghr_" + A36,
    "github fine-grained": "github_pat_11ABCDEFG0" + "x" * 12 + "_" + "Y" * 59,
    "aws key id": "AKIA" + "IOSFODNN7EXAMPLE",
    "aws temp key id": "ASIA" + "Z" * 16,
    "slack bot": "xoxb-" + "123456789012-1234567890123-" + "a" * 24,
    "slack user": "xoxp-" + "1234-5678-abcdefghij",
    "google": "AIza" + "SyA" + "b" * 32,
    "stripe": "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc",
    "npm": "npm_" + "a" * 36,
    "pypi": "pypi-" + "AgEIcHlwaS5vcmc" + "C" * 60,
    "gitlab": "glpat-" + "x" * 20,
    "jwt": "eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIn0" + ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
}


@pytest.mark.parametrize("name", sorted(SECRETS))
@pytest.mark.parametrize("frame", ["{}", "token is {} here", "export X='{}'", '{{"v": "{}"}}', "({})"])
def test_token_shapes_are_redacted(name, frame):
    secret = SECRETS[name]
    out = redact(frame.format(secret))
    assert secret not in out
    assert "[REDACTED" in out


def test_aws_secret_key():
    secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY"
    for line in (f"AWS_SECRET_ACCESS_KEY={secret}", f"aws_secret_access_key = {secret}",
                 f'"SecretAccessKey": "{secret}" aws sk'):
        assert secret not in redact(line), line


def test_private_key_block_and_lone_header():
    body = "MIIEowIBAAKCAQEA" + "q" * 60
    block = f"-----BEGIN RSA PRIVATE KEY-----\n{body}\n{body}\n-----END RSA PRIVATE KEY-----\nnext line"
    out = redact(block)
    assert body not in out and "PRIVATE KEY-----" not in out and out.endswith("next line")
    header = "debug: -----BEGIN OPENSSH PRIVATE KEY----- (cut)"
    assert "BEGIN OPENSSH PRIVATE KEY" not in redact(header)
    fenced = f"```\n-----BEGIN PRIVATE KEY-----\n{body}\n```\n"
    out = redact(fenced)
    assert body not in out and out.endswith("\n```\n")  # the fence closer survives


def test_auth_headers():
    jwtless = "abcdefghijklmnop.qrstuv"
    assert jwtless not in redact(f"Authorization: Bearer {jwtless}")
    assert "s3cr3t" not in redact("curl -H 'Authorization: token s3cr3tvalue123'")
    basic = base64.b64encode(b"alice:hunter22").decode()
    assert basic not in redact(f"Authorization: Basic {basic}")
    # the English word stays
    assert redact("Basic authentication failed") == "Basic authentication failed"


def test_url_credentials_keep_user_and_host():
    out = redact("fatal: unable to access 'https://alice:hunter22@git.example.com/repo.git/'")
    assert "hunter22" not in out and "alice:" in out and "@git.example.com/repo.git" in out
    assert "s3cret" not in redact("postgres://app:s3cret@db:5432/x")
    assert redact("see https://example.com/a:b") == "see https://example.com/a:b"


@pytest.mark.parametrize("line", [
    "DB_PASSWORD=hunter2", "password: hunter2", "client_secret=abc123xyz", '"api_key": "abcd1234"',
    "x-api-key: abcd1234", "GITHUB_TOKEN=abcd1234efgh", "--password=hunter2", "SECRET_KEY='django-xyz'",
])
def test_secret_assignments(line):
    value = line.split("=", 1)[-1] if "=" in line else line.split(":", 1)[-1]
    value = value.strip().strip("\"'")
    out = redact(line)
    assert value not in out, out
    assert "REDACTED" in out


@pytest.mark.parametrize("line", [
    "password: ${{ secrets.DB_PASSWORD }}", "token: ***", "GITHUB_TOKEN=$GITHUB_TOKEN", "api_key=",
    "E   ModuleNotFoundError: No module named 'yaml'", "key_lines: 3", "cache-key: npm-abc123",
    "commit 3f786850e387550fdab836ed7e6dc881de23001b", "sha256:" + "a" * 64, "tokens used: 12",
    "FAILED tests/test_auth.py::test_login - AssertionError", "https://github.com/octo/app/actions/runs/1",
])
def test_ordinary_text_is_kept(line):
    assert redact(line) == line


def test_idempotent_and_deterministic():
    text = "\n".join(f"{k}: {v} password={v}" for k, v in SECRETS.items())
    once = redact(text)
    assert redact(once) == once == redact(text)


def test_json_stays_valid():
    doc = {"key_lines": [{"text": f"password=\"{SECRETS['npm']}\" and {SECRETS['github classic']}"}],
           "api_key": SECRETS["google"]}
    text = redact(json.dumps(doc))
    parsed = json.loads(text)
    assert SECRETS["npm"] not in text and SECRETS["google"] not in text
    assert parsed["key_lines"][0]["text"].startswith("password=")
    assert redact_data(doc)["api_key"].startswith("[REDACTED")


@pytest.mark.parametrize("line", [
    "no GitHub token: set GITHUB_TOKEN or pass --token", "SyntaxError: Unexpected token: punc (;)",
    "auth: required", "secret: missing",
])
def test_prose_after_a_weak_key_word_is_kept(line):
    assert redact(line) == line


def test_weak_key_with_a_credential_looking_value_is_redacted():
    assert "abcd1234efgh" not in redact("token: abcd1234efgh")
    assert "abcd" not in redact('token: "abcd"')


def test_a_key_body_line_alone_is_redacted():
    for body in ("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7", "MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5",
                 "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ"):
        assert body not in redact(f"2026-01-05T10:00:00Z {body}")
