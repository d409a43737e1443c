"""The content service: a Wagtail CMS speaking Payload 3's REST contract."""
