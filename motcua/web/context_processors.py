"""Template context shared by every staff page."""

from django.http import HttpRequest

from motcua.web.navigation import NavLink, links_for


def navigation(request: HttpRequest) -> dict[str, list[NavLink]]:
    return {"links": links_for(request.user)}
