import pytest


@pytest.mark.django_db
def test_openapi_schema_lists_every_read_endpoint(user_client):
    response = user_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for name in ("plans", "campaigns", "tasks", "targets", "departments", "regions", "periods"):
        assert f"/api/{name}/" in paths
        assert f"/api/{name}/{{id}}/" in paths


@pytest.mark.django_db
def test_api_docs_page_serves_swagger_locally(user_client):
    response = user_client.get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger-ui" in response.content
    assert b"cdn." not in response.content
