"""Issue 16, finding 8: scan results never single out one member's answers."""

import pytest
from django.urls import reverse

from scans import selectors, services

from .factories import answer_all, make_community, make_scan

pytestmark = pytest.mark.django_db


def _round(members=5):
    community, facilitator, people = make_community(members=members)
    scan = make_scan(dimensions=1, open_question=True)
    round_ = services.round_open(actor=facilitator, community=community, scan=scan)
    return community, facilitator, people, scan, round_


def test_three_answers_give_the_mean_but_no_spread_lowest_or_highest():
    community, facilitator, people, scan, round_ = _round(members=3)
    answer_all(round_, people, value_for=lambda index, item: [1, 3, 5][index])
    services.round_close(actor=facilitator, round=round_)
    stat = selectors.results(scan, [round_]).dimensions[0].stats[0]
    assert stat.shown and stat.mean == pytest.approx(3.0) and stat.n == 3
    assert not stat.detailed and (stat.sd, stat.low, stat.high) == (None, None, None)
    item_stat = selectors.results(scan, [round_]).dimensions[0].items[0].stats[0]
    assert item_stat.shown and not item_stat.detailed


def test_five_answers_give_the_distribution_too():
    community, facilitator, people, scan, round_ = _round(members=5)
    answer_all(round_, people, value_for=lambda index, item: [1, 2, 3, 4, 5][index])
    services.round_close(actor=facilitator, round=round_)
    stat = selectors.results(scan, [round_]).dimensions[0].stats[0]
    assert stat.detailed and (stat.low, stat.high) == (1, 5)


def test_an_open_round_shows_no_figure_that_moves_with_one_answer(client):
    community, facilitator, people, scan, round_ = _round(members=5)
    answer_all(round_, people[:4], value_for=lambda index, item: 2)
    before = selectors.results(scan, [round_]).dimensions[0].stats[0]
    answer_all(round_, people[4:], value_for=lambda index, item: 5)
    after = selectors.results(scan, [round_]).dimensions[0].stats[0]
    assert before.waiting and after.waiting
    assert before.mean is None and after.mean is None and after.n == 5
    assert selectors.open_answers(round_) == []
    client.force_login(facilitator)
    page = client.get(
        reverse("scans:round_detail", kwargs={"slug": community.slug, "pk": round_.pk}),
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert 'class="muted scan-privacy-rule"' in page  # the rule is stated on the results page
    services.round_close(actor=facilitator, round=round_)
    closed = selectors.results(scan, [round_]).dimensions[0].stats[0]
    assert closed.mean == pytest.approx(2.6)


def test_a_round_threshold_below_three_is_not_honoured():
    community, facilitator, people, scan, round_ = _round(members=2)
    # Stored below the floor (e.g. by the admin): the floor of three still holds.
    round_.min_respondents = 1
    round_.save(update_fields=["min_respondents"])
    answer_all(round_, people, value_for=lambda index, item: 4)
    services.round_close(actor=facilitator, round=round_)
    stat = selectors.results(scan, [round_]).dimensions[0].stats[0]
    assert stat.n == 2 and not stat.shown and stat.threshold == 3


def test_the_results_page_names_the_threshold_that_really_holds(client):
    community, facilitator, people, scan, round_ = _round(members=2)
    round_.min_respondents = 1
    round_.save(update_fields=["min_respondents"])
    answer_all(round_, people, value_for=lambda index, item: 4)
    services.round_close(actor=facilitator, round=round_)
    assert selectors.results(scan, [round_]).shown_from == 3
    client.force_login(facilitator)
    page = client.get(
        reverse("scans:round_detail", kwargs={"slug": community.slug, "pk": round_.pk}),
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "Results appear once at least 3 members answered" in page
    assert "at least 1 member answered" not in page
