"""Helpers shared by the test modules."""

from django.core.cache import cache


def assert_flat_queries(assert_num_queries, client, url, *, add_rows, rows_now, pinned, shown=str):
    """Load ``url`` with 2 rows, then with 50; each load runs exactly ``pinned`` queries.

    ``add_rows(n)`` adds n rows of what the page lists and returns the objects it created;
    ``rows_now`` is how many the world already has; ``shown(obj)`` is the text that puts an
    object on the page, or None for one the page does not show (a later page of a list).
    Returns the 50-row response.

    Each load computes its figures: what pages keep for a while (``groups.kept``) is forgotten
    before it, so that the count is that of the computing, not of reading them back.
    """
    add_rows(2 - rows_now)
    cache.clear()
    with assert_num_queries(pinned):
        response = client.get(url)
    assert response.status_code == 200
    added = add_rows(48)
    cache.clear()
    with assert_num_queries(pinned):
        response = client.get(url)
    assert response.status_code == 200
    # The rows are on the page: the count above is not that of an empty list.
    content = response.content.decode()
    texts = [shown(obj) for obj in added]
    assert all(text in content for text in texts if text is not None)
    assert any(texts)
    return response


def downloaded(response):
    """The file an export answers with. A CSV streams in the response itself; an XLSX is made in
    the background (``downloads``; the tests run tasks at once): the response leads to the
    download's page, which must say the file is ready, and the file is fetched from there."""
    if response.status_code != 302 or not response.url.startswith("/downloads/"):
        return response
    page = response.client.get(response.url)
    assert page.status_code == 200
    assert 'id="download-file"' in page.content.decode(), page.content.decode()
    return response.client.get(response.url + "file")
