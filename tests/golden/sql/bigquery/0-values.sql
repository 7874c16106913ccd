-- adoptplan metrics build, step 0: the distinct event names and the distinct values
-- of each event column put in classes, so step 1 decides what each means once.
DROP TABLE IF EXISTS adoptplan_event_names;

DROP TABLE IF EXISTS adoptplan_values_device_class;

CREATE TABLE adoptplan_event_names AS
SELECT DISTINCT
  event_name
FROM adoptplan_events;

CREATE TABLE adoptplan_values_device_class AS
SELECT DISTINCT
  device AS value
FROM adoptplan_events;
