-- Organisations, users, sessions, API tokens and login attempts (src/access).

CREATE TABLE access_org (
  id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind        text NOT NULL CHECK (kind IN ('delegation', 'secretariat', 'company', 'research_group')),
  -- ISO 3166-1 alpha-2, lower case as FtM writes it; NULL for bodies of no one state.
  country     text CHECK (country ~ '^[a-z]{2}$'),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE access_user (
  id                   text PRIMARY KEY,
  username             text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  display_name         text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  org_id               text NOT NULL REFERENCES access_org (id),
  roles                text[] NOT NULL CHECK (
    cardinality(roles) > 0
    AND roles <@ ARRAY['analyst', 'reviewer', 'coordinator', 'administrator', 'contributor']::text[]),
  -- "$scrypt$N=..,r=..,p=..$salt$hash": the parameters travel with the hash.
  password_hash        text NOT NULL,
  -- Base32 TOTP secret once enrolment is confirmed; a pending one waits for its first code.
  totp_secret          text,
  totp_pending_secret  text,
  -- The last RFC 6238 time step accepted: a code of this step or earlier is a replay.
  totp_last_step       bigint,
  disabled_at          timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX access_user_org ON access_user (org_id);

-- Only the SHA-256 of a token is stored: a copy of the database logs no one in.
CREATE TABLE access_session (
  id          text PRIMARY KEY,
  token_hash  text NOT NULL UNIQUE,
  user_id     text NOT NULL REFERENCES access_user (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  ip          text NOT NULL DEFAULT '',
  user_agent  text NOT NULL DEFAULT ''
);
CREATE INDEX access_session_user ON access_session (user_id);

CREATE TABLE access_api_token (
  id            text PRIMARY KEY,
  token_hash    text NOT NULL UNIQUE,
  user_id       text NOT NULL REFERENCES access_user (id),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  last_used_at  timestamptz
);
CREATE INDEX access_api_token_user ON access_api_token (user_id);

-- Every login attempt, kept so that rate limits hold across requests, restarts and servers.
CREATE TABLE access_login_attempt (
  id        bigserial PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  username  text NOT NULL,
  ip        text NOT NULL,
  success   boolean NOT NULL,
  reason    text NOT NULL
);
CREATE INDEX access_login_attempt_username ON access_login_attempt (username, at);
CREATE INDEX access_login_attempt_ip ON access_login_attempt (ip, at);
CREATE INDEX access_login_attempt_at ON access_login_attempt (at);
