"""The web interface: log-in attempts, kept to slow down password guessing."""

SQL = """
CREATE TABLE login_attempts (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    name    TEXT NOT NULL,
    address TEXT NOT NULL,
    ok      INTEGER NOT NULL
);
CREATE INDEX login_attempts_name ON login_attempts(name, at);
CREATE INDEX login_attempts_address ON login_attempts(address, at);
CREATE INDEX jobs_state ON jobs(state, id);
"""
