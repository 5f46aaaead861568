"""``make bench``: a real HTTP load benchmark of the site.

    .venv/bin/python -m tests.benchmarks.bench_http [--seconds 8] [--only TEXT] [--rebuild]
                                                   [--groups N] [--compare FILE] [--workers 5]

It makes sure the PostgreSQL database ``unionsite_city`` (on the server of DATABASE_URL, default
127.0.0.1:5432) holds the demo and the big city (``seed_demo --scale city``), starts gunicorn with
the production settings on it, and loads every main page of every app with ``wrk`` (8 connections,
2 threads), signed in as the role that uses the page: the demo's federation, factory staff, group
leader and superuser, and the big city's factory staff, workshop staff and group leader. Before
each page it asks the page once in this process (its SQL queries and size; it must answer 200)
and once over HTTP with the session. The yardsticks, /healthz and the sign-in page, are measured
first; every page's req/s is set against theirs. The table goes to ``bench/<UTC time>.md`` and
``.json`` and is compared with the newest earlier file there. A measurement, not a test: it exits
1 only when a page fails.

Modules: ``database`` (the city and the environment), ``pages`` (what is asked, as whom),
``measure`` (sessions, the three ways of asking), ``server`` (gunicorn), ``wrk`` (running and
reading wrk), ``report`` (goals, table, files, comparison), ``main`` (the run).
"""
