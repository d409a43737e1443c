"""Payload's auth routes of the ``users`` collection: login, me, refresh-token and logout."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse
from ninja import Router

from cityos.content.payload.auth import actor_of, issue_token
from cityos.content.payload.errors import PayloadError, Unauthorized
from cityos.content.payload.views import body_of, json_response
from cityos.content.users.models import User

router = Router(tags=["Users"])
COOKIE = "payload-token"


def user_doc(user: User, strategy: str) -> dict[str, Any]:
    return {
        "id": user.pk,
        "email": user.email,
        "enableAPIKey": user.enable_api_key,
        "hasAPIKey": bool(user.api_key_digest),
        "roles": ["super-admin" if user.is_superuser else "integration" if user.is_integration else "user"],
        "tenants": [
            {"tenant": membership.tenant.slug, "roles": [membership.role]}
            for membership in user.memberships.select_related("tenant").order_by("tenant__slug")
        ],
        "sessions": [],
        "collection": "users",
        "_strategy": strategy,
        "createdAt": user.date_joined,
        "updatedAt": user.last_login or user.date_joined,
    }


def with_token(data: dict[str, Any], token: str, expires: datetime) -> HttpResponse:
    response = json_response({**data, "token": token, "exp": int(expires.timestamp())})
    response.set_cookie(
        COOKIE, token, expires=expires, httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE
    )
    return response


@router.post("/users/login", summary="Sign in with email and password")
def login(request: HttpRequest) -> HttpResponse:
    if request.content_type != "application/json":  # a cross-site "simple" request is never a sign-in
        raise PayloadError("The body must be sent as application/json.")
    body = body_of(request)
    email, password = body.get("email"), body.get("password")
    if not isinstance(email, str) or not isinstance(password, str):
        raise PayloadError("Email and password are required.")
    user = authenticate(request, email=email.lower(), password=password)
    if user is None or not user.is_active:
        raise Unauthorized("The email or password provided is incorrect.")
    token, expires = issue_token(user)
    return with_token(
        {"message": "Authentication Passed", "user": user_doc(user, "local-jwt")}, token, expires
    )


@router.get("/users/me", summary="The signed-in user")
def me(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if actor.user is None:
        return json_response({"user": None, "message": "Account"})
    user = user_doc(actor.user, actor.strategy)
    return json_response(
        {"user": user, "collection": "users", "strategy": actor.strategy, "message": "Account"}
    )


@router.post("/users/refresh-token", summary="A fresh token for the signed-in user")
def refresh(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if actor.user is None or actor.strategy != "local-jwt":
        raise Unauthorized("No valid session to refresh.")
    token, expires = issue_token(actor.user)
    data = {
        "message": "Token refresh successful",
        "refreshedToken": token,
        "user": user_doc(actor.user, "local-jwt"),
    }
    return with_token(data, token, expires)


@router.post("/users/logout", summary="Forget the session cookie")
def logout(request: HttpRequest) -> HttpResponse:
    response = json_response({"message": "Logout successful."})
    response.delete_cookie(COOKIE)
    return response
