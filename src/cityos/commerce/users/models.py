"""Admin users of commerce (Medusa's ``user``): staff who sign in to ``/app`` and the Admin API."""

from cityos.platform.accounts import EmailUser
from cityos.platform.fields import PrefixedIdField


class User(EmailUser):
    id = PrefixedIdField("user")

    class Meta:
        db_table = "commerce_user"
