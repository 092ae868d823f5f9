"""Agencies: the registry (names, aliases, collectives), accounts and roles, and scoping (which
agencies a user acts for), plus the role-based landing page and API permissions.
May import: fangguanfu, workdays."""
