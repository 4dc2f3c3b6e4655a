-- The first scan of a trainee as one call of a PL/pgSQL function: the same INSERT … SELECT the route ran (the login
-- proven inside it, decision 0007), but its plan is prepared once per connection and reused for the whole class,
-- where a plain statement was parsed and planned anew on every scan.
CREATE OR REPLACE FUNCTION checkin_scan(p_session integer, p_class integer, p_late boolean, p_sid text, p_csrf text, p_idle integer)
RETURNS TABLE (out_id integer, out_checked_at timestamptz, out_is_late boolean) LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY
  WITH me AS (
    SELECT u.id AS user_id, u.member_id FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id = p_sid AND s.ended_at IS NULL AND s.csrf_token = p_csrf AND u.is_active AND NOT u.must_change_password
      AND s.last_seen_at > now() - interval '60 seconds' AND s.last_seen_at > now() - make_interval(mins => p_idle))
  INSERT INTO training_checkins AS k (session_id, enrollment_id, is_late, method, recorded_by)
  SELECT p_session, e.id, p_late, 'scan', me.user_id FROM me JOIN training_enrollments e ON e.member_id = me.member_id
  WHERE e.class_id = p_class AND e.status = 'confirmed'
  ON CONFLICT DO NOTHING
  RETURNING k.id, k.checked_at, k.is_late;
END $$;
