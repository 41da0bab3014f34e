"""A small HTTP load generator for the gunicorn benchmark (no wrk on the machine, no new dependency):
``connections`` threads, each with its own ``http.client`` connection (reopened when the server closes it,
as gunicorn's sync workers do after every response), sending GET requests in a loop for a fixed time and
recording each request's latency."""

import http.client
import re
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

# What nginx adds in front of gunicorn (README, production section): the app trusts X-Forwarded-Proto.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Real-IP": "127.0.0.1"}


@dataclass
class Result:
    requests: int
    seconds: float
    latencies: list[float]  # seconds, one per request
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        """Latency in ms below which ``share`` of the requests finished (nearest rank)."""
        ordered = sorted(self.latencies)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))] * 1000

    def __add__(self, other: "Result") -> "Result":
        return Result(
            self.requests + other.requests,
            self.seconds + other.seconds,
            self.latencies + other.latencies,
            self.errors + other.errors,
        )


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    jar = {}
    for header in response.msg.get_all("Set-Cookie") or []:
        name, _, value = header.split(";", 1)[0].partition("=")
        jar[name.strip()] = value.strip()
    return jar


def log_in(host: str, port: int, username: str, password: str) -> str:
    """Sign in through the login page, as a browser does; returns the Cookie header of the session."""
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request("GET", "/accounts/login/", headers=PROXY_HEADERS)
    page = connection.getresponse()
    body = page.read().decode()
    jar = _cookies(page)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if page.status != 200 or not token or "csrftoken" not in jar:
        raise RuntimeError(f"Страница входа не открылась: {page.status}")
    form = urlencode({"csrfmiddlewaretoken": token.group(1), "username": username, "password": password})
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request(
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            **PROXY_HEADERS,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={jar['csrftoken']}",
            "Referer": f"https://{host}:{port}/accounts/login/",
        },
    )
    answer = connection.getresponse()
    answer.read()
    jar.update(_cookies(answer))
    if answer.status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"Вход не удался: {answer.status}")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def fetch(host: str, port: int, path: str, cookie: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request("GET", path, headers={**PROXY_HEADERS, "Cookie": cookie})
    response = connection.getresponse()
    return response.status, response.read()


def load(host: str, port: int, path: str, cookie: str, *, connections: int, seconds: float) -> Result:
    """GET ``path`` from ``connections`` threads for ``seconds``; a non-200 answer counts as an error."""
    headers = {**PROXY_HEADERS, "Cookie": cookie}
    deadline = time.perf_counter() + seconds
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections

    def worker(slot: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        own = latencies[slot]
        while True:
            start = time.perf_counter()
            if start >= deadline:
                break
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                if response.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException):
                connection.close()
                ok = False
            own.append(time.perf_counter() - start)
            if not ok:
                errors[slot] += 1

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(connections)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    flat = [latency for own in latencies for latency in own]
    return Result(len(flat), elapsed, flat, sum(errors))
