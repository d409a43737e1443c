"""The commerce service: Medusa v2's Store and Admin REST contract on Django."""
