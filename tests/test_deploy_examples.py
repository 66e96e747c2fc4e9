"""deploy/ is a working example: its env file documents every setting the app reads, passes
`check --deploy`, and its nginx and gunicorn figures agree with each other and the app."""

import re

from django.conf import settings

from tests.test_deployment_settings import run_python

DEPLOY = settings.BASE_DIR / "deploy"
ENV_EXAMPLE = DEPLOY / "tracker.env.example"
NGINX = (DEPLOY / "nginx-tracker.conf").read_text()
UNIT = (DEPLOY / "tracker-gunicorn.service").read_text()


def variables_read_by_settings():
    source = (settings.BASE_DIR / "tracker" / "settings.py").read_text()
    pattern = r'(?:env_(?:bool|int|list)\(|os\.environ\.get\(|os\.environ\[)"([A-Z][A-Z0-9_]+)"'
    return set(re.findall(pattern, source))


def example_env():
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def test_the_settings_read_some_variables():
    assert {"NUM_PROXIES", "SECURE_HSTS_SECONDS", "DATABASE_URL"} <= variables_read_by_settings()


def test_every_variable_is_in_the_example_with_a_comment():
    text = ENV_EXAMPLE.read_text()
    for name in variables_read_by_settings():
        # A comment, then comment or assignment lines (pairs share one), then the variable.
        assert re.search(rf"#[^\n]*\n(?:[#A-Z][^\n]*\n)*{name}=", text), name


def test_every_variable_is_in_the_readme():
    readme = (settings.BASE_DIR / "README.md").read_text()
    for name in variables_read_by_settings():
        assert f"`{name}`" in readme, name


def test_the_example_without_a_secret_key_does_not_start():
    result = run_python("import django; django.setup()", **example_env())
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_deploy_check_is_clean_with_the_example_env():
    env = {**example_env(), "SECRET_KEY": "example-" + "s3cr3t" * 10}
    code = (
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    result = run_python(code, **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "NUM_PROXIES=1" in ENV_EXAMPLE.read_text()


def megabytes(nginx_size):
    return int(nginx_size.rstrip("m")) * 1024 * 1024


def test_nginx_lets_the_app_refuse_oversized_uploads_itself():
    app_limit = int(example_env()["IMPORT_MAX_UPLOAD_BYTES"])
    assert app_limit == settings.IMPORT_MAX_UPLOAD_BYTES  # the default, spelled out
    nginx_limit = megabytes(re.search(r"client_max_body_size (\d+m);", NGINX).group(1))
    assert app_limit < nginx_limit <= app_limit + 1024 * 1024


def test_gunicorn_gives_up_before_nginx_does():
    gunicorn = int(re.search(r"--timeout (\d+)", UNIT).group(1))
    nginx = int(re.search(r"proxy_read_timeout (\d+)s;", NGINX).group(1))
    assert gunicorn < nginx


def test_only_the_proxy_reaches_gunicorn_and_only_the_app_judges_its_headers():
    assert re.search(r"--bind 127\.0\.0\.1:(\d+)", UNIT).group(1) in NGINX
    assert "--forwarded-allow-ips= " in UNIT
    assert "EnvironmentFile=/etc/tracker/tracker.env" in UNIT
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in NGINX
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in NGINX
    assert "X-Forwarded-Host" not in NGINX.replace("# ", "")
