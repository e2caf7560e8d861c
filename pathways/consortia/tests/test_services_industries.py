"""Target industries: a tree linked to Career Clusters that resolves to occupations and NAICS sectors."""

from __future__ import annotations

import pytest

from pathways.catalog.models import CareerCluster, SubCluster
from pathways.consortia import selectors, services
from pathways.core.errors import InvalidInput


@pytest.fixture
def linked(gov, catalog_db):
    skilled = SubCluster.objects.get(cluster__framework="2024", slug="skilled-trades")
    production = SubCluster.objects.get(cluster__framework="2024", slug="production-automation")
    health = CareerCluster.objects.get(framework="2024", slug="healthcare-human-services")
    trades = services.target_industry_create(
        acting_user=gov.cast.admin,
        consortium=gov.cast.alpha,
        name="Skilled Trades",
        qualifier="including application to:",
        subclusters=[skilled],
    )
    welding = services.target_industry_create(
        acting_user=gov.cast.admin,
        consortium=gov.cast.alpha,
        name="Welding",
        parent=trades,
        subclusters=[production],
    )
    healthcare = services.target_industry_create(
        acting_user=gov.cast.admin, consortium=gov.cast.alpha, name="Healthcare", clusters=[health]
    )
    return trades, welding, healthcare


def test_it_writes_the_label_as_the_documents_do(gov):
    assert gov.industry.label == "Manufacturing, to include:"
    trades = services.target_industry_create(
        acting_user=gov.cast.admin,
        consortium=gov.cast.alpha,
        name="Skilled Trades",
        qualifier="including application to:",
    )
    assert trades.label == "Skilled Trades including application to:"


def test_it_resolves_industries_to_occupations_and_naics_sectors(linked):
    trades, welding, healthcare = linked
    assert trades.naics_codes == ["23"]
    assert welding.naics_codes == ["31-33"]
    assert healthcare.naics_codes == ["62", "81"]
    assert "51-4121.00" in set(selectors.industry_occupations(welding).values_list("code", flat=True))
    assert "29-1141.00" in set(selectors.industry_occupations(healthcare).values_list("code", flat=True))
    tree = {
        node.industry.name: node
        for _depth, node in selectors.flatten(selectors.industry_tree(trades.consortium))
    }
    assert tree["Welding"].occupation_count == selectors.industry_occupations(welding).count()
    assert tree["Healthcare"].occupation_count == selectors.industry_occupations(healthcare).count() > 0
    assert [c.industry.name for c in tree["Skilled Trades"].children] == ["Welding"]


def test_it_reads_the_tree_in_a_fixed_number_of_queries(gov, linked, django_assert_max_num_queries):
    trades = linked[0]
    for n in range(5):
        services.target_industry_create(
            acting_user=gov.cast.admin, consortium=gov.cast.alpha, name=f"X{n}", parent=trades
        )
    with django_assert_max_num_queries(5):
        selectors.industry_tree(trades.consortium)


def test_it_refuses_cycles_bad_naics_and_deep_trees(gov):
    admin, parent = gov.cast.admin, gov.industry
    child = parent.children.get()
    with pytest.raises(InvalidInput, match="itself"):
        services.target_industry_update(
            acting_user=admin, industry=parent, name="Manufacturing", parent=child
        )
    with pytest.raises(InvalidInput, match="NAICS"):
        services.target_industry_update(
            acting_user=admin, industry=parent, name="Manufacturing", naics_codes=["99"]
        )
    grandchild = services.target_industry_create(
        acting_user=admin, consortium=gov.cast.alpha, name="G", parent=child
    )
    with pytest.raises(InvalidInput, match="three levels"):
        services.target_industry_create(
            acting_user=admin, consortium=gov.cast.alpha, name="Too deep", parent=grandchild
        )
    updated = services.target_industry_update(
        acting_user=admin, industry=parent, name="Manufacturing", naics_codes=["32", "11"]
    )
    assert updated.naics_codes == ["11", "31-33"]
