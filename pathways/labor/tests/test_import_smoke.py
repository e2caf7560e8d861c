from pathways.catalog.models import Occupation
from pathways.labor.models import Wage


def test_it_loads_the_fixture_cut(catalog_db):
    assert Occupation.objects.count() == 12
    assert Wage.objects.filter(area_id="0000000", soc_code="29-1141").get().annual_median == 97550
