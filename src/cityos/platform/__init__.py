"""Building blocks shared by every cityos service; this package imports no service."""
