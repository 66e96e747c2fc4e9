"""Which views stay reachable while a login is incomplete (URL names, as resolved)."""

# Reachable in any state: logging in and out, the language switch.
PUBLIC_VIEWS = frozenset({"login", "logout", "set_language", "admin:logout"})

# The session-timeout warning asks for the time left and may extend it on any page.
SESSION_VIEWS = frozenset({"accounts:session_status", "accounts:session_extend"})

# While the second step is pending (password accepted, no code yet).
SECOND_STEP_VIEWS = PUBLIC_VIEWS | SESSION_VIEWS | {"accounts:second_factor", "accounts:enrol"}

# While a password change is required.
PASSWORD_CHANGE_VIEWS = PUBLIC_VIEWS | SESSION_VIEWS | {"accounts:password_change"}
