-- A consultation handed over to a colleague leaves the previous advisor's list: announce the change to
-- both advisors.
CREATE OR REPLACE FUNCTION notify_consultation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'consultation' THEN
    PERFORM pg_notify('consultation_changed', json_build_object('c', NEW.id, 'a', NEW.advisor_id)::text);
    IF TG_OP = 'UPDATE' AND OLD.advisor_id IS DISTINCT FROM NEW.advisor_id THEN
      PERFORM pg_notify('consultation_changed', json_build_object('c', NEW.id, 'a', OLD.advisor_id)::text);
    END IF;
  ELSE
    PERFORM pg_notify('consultation_changed', json_build_object('c', c.id, 'a', c.advisor_id)::text)
      FROM consultation c WHERE c.id = NEW.consultation_id;
  END IF;
  RETURN NULL;
END;
$$;
