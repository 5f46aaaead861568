def test_it_shows_alice_her_group(alice_client, world):
    response = alice_client.get(world.group_a.get_absolute_url())
    assert response.status_code == 200
    assert "韓潤" in response.content.decode()
