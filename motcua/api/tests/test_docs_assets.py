import pytest

pytestmark = pytest.mark.django_db


def test_the_api_documentation_page_loads_its_assets_from_this_server_not_a_cdn(client, personas):
    client.force_login(personas.desk_officer)
    response = client.get("/api/v1/docs")
    page = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    assert "unpkg" not in page.lower()
