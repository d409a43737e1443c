"""The transactional outbox: a change and the event that announces it are written in one transaction."""
