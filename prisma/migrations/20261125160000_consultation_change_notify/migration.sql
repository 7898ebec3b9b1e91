-- Every change to a consultation or to a consent decision on it is announced on the channel
-- "consultation_changed" (delivered at commit, to every app instance listening), so advisors' pages
-- update without reloading. The payload names only the consultation and its advisor: listeners load
-- what they may see through the data layer.
CREATE FUNCTION notify_consultation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'consultation' THEN
    PERFORM pg_notify('consultation_changed', json_build_object('c', NEW.id, 'a', NEW.advisor_id)::text);
  ELSE
    PERFORM pg_notify('consultation_changed', json_build_object('c', c.id, 'a', c.advisor_id)::text)
      FROM consultation c WHERE c.id = NEW.consultation_id;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER consultation_changed AFTER INSERT OR UPDATE ON "consultation"
  FOR EACH ROW EXECUTE FUNCTION notify_consultation_changed();
CREATE TRIGGER consent_decision_changed AFTER INSERT OR UPDATE ON "consent_decision"
  FOR EACH ROW EXECUTE FUNCTION notify_consultation_changed();
