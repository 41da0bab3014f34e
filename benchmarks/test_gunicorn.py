"""The participants list through gunicorn against a bare 50-row Django list served by the same gunicorn,
side by side in one run (issue 10, «Speed»): at least 65 % of the bare page's requests per second, p99 ≤ 40 ms.

Production-like: DEBUG off, a random SECRET_KEY, ALLOWED_HOSTS, X-Forwarded-Proto from «nginx», a temporary
SQLite file (the documented default) migrated and filled with the demo plus 600 people of «Гимназия «Жуковка»»,
static files collected (whitenoise's manifest storage), the curator signed in through the login page.
gunicorn runs as README's production section says: ``--workers 3`` sync workers, no threads. The machine is
shared and noisy, so the two pages are measured in alternating short rounds after a warm-up, and only their
ratio (the median of the rounds') and the p99 are judged; the workers' CPU time per request is printed beside
them as a cross-check that other programs' load hardly moves.
"""

import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks import school
from benchmarks.load import Result, fetch, load, log_in

pytestmark = [pytest.mark.bench]

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
WORKERS = 3  # README, «Установка в продакшене»: gunicorn … --workers 3 (sync workers)
# One connection more than workers: every worker is always busy, and no request waits in a queue that the
# benchmark itself made longer (latency then measures the page, not the load generator's backlog).
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", WORKERS + 1))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 60))
ROUND_SECONDS = float(os.environ.get("BENCH_ROUND_SECONDS", 0.3))
TARGET_RATIO = 0.65
TARGET_P99_MS = 40
BARE = "/bench/bare-list/"
PARTICIPANTS = "/participants/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _workers_cpu(master: int) -> float:
    """CPU seconds used so far by gunicorn's workers (user + system, from /proc): unlike req/s it hardly
    changes when other programs load the machine, so it is printed beside them as a cross-check."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # a process that has just ended
            continue
        if int(fields[1]) == master:  # fields after «(comm)»: state, ppid, …, utime (12), stime (13)
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def _environment(directory: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "benchmarks.production_settings",
            "DJANGO_DEBUG": "off",
            "DJANGO_TESTING": "off",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
            "DATABASE_URL": f"sqlite:///{directory / 'db.sqlite3'}",
            "DJANGO_MEDIA_ROOT": str(directory / "media"),
            "BENCH_STATIC_ROOT": str(directory / "static"),
            "DJANGO_ALLOW_DEMO_DATA": "on",  # load_demo refuses a production database otherwise
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)


def _wait_for(port: int, server: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn завершился:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn не начал принимать соединения за минуту")


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    directory = tmp_path_factory.mktemp("gunicorn")
    env = _environment(directory)
    _manage(env, "migrate", "--noinput")
    _manage(env, "createcachetable")
    _manage(env, "load_demo")
    _manage(env, "collectstatic", "--noinput")
    subprocess.run([sys.executable, "-m", "benchmarks.school"], cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    log = directory / "gunicorn.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "mentoring_site.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={WORKERS}",
        "--timeout=60",
        "--no-control-socket",  # several gunicorns (other benches, other checkouts) may run at once
    ]
    with log.open("w") as errors:  # a file, not a pipe: a full pipe would stall the workers
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        try:
            _wait_for(port, server, log)
            yield port, server.pid
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_participants_list_against_a_bare_list_through_gunicorn(gunicorn):
    port, master = gunicorn
    cookie = log_in(HOST, port, "curator", "demo-2026")
    status, body = fetch(HOST, port, PARTICIPANTS, cookie)
    page = body.decode()
    assert status == 200 and "Участники" in page and page.count("/participants/") > 50
    total = re.search(r"(\d+) человек", page)
    assert total and int(total.group(1)) > school.PEOPLE  # the demo's people and the 600 of the bench school
    assert re.search(r"[А-ЯЁ][а-яё]+а?-\d{3}", page)  # the bench school's people on its first page of 50
    status, body = fetch(HOST, port, BARE, cookie)
    assert status == 200 and body.count(b"<tr>") == 50

    for path in (BARE, PARTICIPANTS):  # warm-up: every worker compiles its templates and opens its caches
        load(HOST, port, path, cookie, connections=CONNECTIONS, seconds=ROUND_SECONDS)
    results = {BARE: Result(0, 0.0, [], 0), PARTICIPANTS: Result(0, 0.0, [], 0)}
    cpu = {BARE: 0.0, PARTICIPANTS: 0.0}
    rounds = []
    for i in range(ROUNDS):
        order = (BARE, PARTICIPANTS) if i % 2 == 0 else (PARTICIPANTS, BARE)  # ABBA: neither always goes first
        measured = {}
        for path in order:
            before = _workers_cpu(master)
            measured[path] = load(HOST, port, path, cookie, connections=CONNECTIONS, seconds=ROUND_SECONDS)
            cpu[path] += _workers_cpu(master) - before
            results[path] += measured[path]
        rounds.append(measured[PARTICIPANTS].rps / measured[BARE].rps)
    bare, people = results[BARE], results[PARTICIPANTS]
    # A burst of other work on the machine hits one round of one page: the median of the rounds' ratios shrugs it
    # off, the ratio of the totals does not. Both are printed; the median is judged.
    ratio = statistics.median(rounds)
    p99 = people.percentile(0.99)
    cpu_ms = {path: cpu[path] / max(result.requests, 1) * 1000 for path, result in results.items()}

    print(
        f"\ngunicorn: {WORKERS} синхронных процесса (--workers {WORKERS}, как в README, «Установка в продакшене»), "
        f"DEBUG выключен, SQLite; {CONNECTIONS} соединения, {ROUNDS} раундов по {ROUND_SECONDS:g} с поочерёдно"
    )
    names = {BARE: "Голая страница списка из 50 строк", PARTICIPANTS: "Список участников (куратор, первые 50)"}
    for path, result in results.items():
        print(
            f"{names[path]}: {result.rps:.0f} запр./с, p50 {result.percentile(0.5):.1f} мс, "
            f"p99 {result.percentile(0.99):.1f} мс, ошибок {result.errors}; "
            f"процессор gunicorn {cpu_ms[path]:.1f} мс на запрос"
        )
    print(
        f"Отношение по раундам (квартили): {' / '.join(f'{q:.2f}' for q in statistics.quantiles(rounds, n=4))}; "
        f"по сумме запросов {people.rps / bare.rps:.2f}; "
        f"по процессору на запрос {cpu_ms[BARE] / cpu_ms[PARTICIPANTS]:.2f}"
    )
    ratio_ok, p99_ok = ratio >= TARGET_RATIO, p99 <= TARGET_P99_MS
    print(
        f"Список участников: {ratio:.0%} пропускной способности голой страницы (медиана раундов; цель ≥ "
        f"{TARGET_RATIO:.0%}) — {'OK' if ratio_ok else 'МЕДЛЕННО'}; p99 {p99:.1f} мс (цель ≤ {TARGET_P99_MS} мс) — "
        f"{'OK' if p99_ok else 'МЕДЛЕННО'}"
    )
    assert bare.errors == 0 and people.errors == 0
    assert ratio_ok and p99_ok
