-- Every change that can end or alter a signed-in session is announced on the channel "session_changed"
-- (delivered at commit, to every app instance listening), so that each instance's cache of session
-- lookups forgets it at once (docs/decisions/0073). Triggers, not calls in the code paths: a sign-out,
-- a revocation, a password change, a deactivation, a role change, a second-factor reset, a retention
-- purge, or an administrator's manual UPDATE are all heard alike. The payload is only an id.
CREATE FUNCTION notify_session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('session_changed', '*');
  ELSIF TG_TABLE_NAME = 'session' THEN
    PERFORM pg_notify('session_changed', 's:' || COALESCE(NEW.id, OLD.id)::text);
  ELSIF TG_TABLE_NAME = 'account' THEN
    PERFORM pg_notify('session_changed', 'a:' || COALESCE(NEW.id, OLD.id)::text);
  ELSE
    PERFORM pg_notify('session_changed', 'a:' || COALESCE(NEW.account_id, OLD.account_id)::text);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER session_changed AFTER UPDATE OR DELETE ON "session"
  FOR EACH ROW EXECUTE FUNCTION notify_session_changed();
CREATE TRIGGER account_session_changed AFTER UPDATE OR DELETE ON "account"
  FOR EACH ROW EXECUTE FUNCTION notify_session_changed();
CREATE TRIGGER second_factor_session_changed AFTER INSERT OR UPDATE OR DELETE ON "second_factor"
  FOR EACH ROW EXECUTE FUNCTION notify_session_changed();
CREATE TRIGGER session_tables_truncated AFTER TRUNCATE ON "session"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_session_changed();
CREATE TRIGGER account_tables_truncated AFTER TRUNCATE ON "account"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_session_changed();
CREATE TRIGGER second_factor_tables_truncated AFTER TRUNCATE ON "second_factor"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_session_changed();
