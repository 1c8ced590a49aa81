from motcua.organization.models import User


def test_full_names_read_family_name_first_as_in_vietnamese():
    user = User(username="lan", first_name="Thị Lan", last_name="Nguyễn")
    assert user.get_full_name() == "Nguyễn Thị Lan"
    assert str(user) == "Nguyễn Thị Lan"


def test_an_account_without_names_shows_its_username():
    assert str(User(username="quantri")) == "quantri"
