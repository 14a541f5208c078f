-- The three best-scoring talking points of each tenant in each hour of event time.
SELECT tenantId, window_start, window_end, rn AS `rank`, videoId, segmentId, score, `text`
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY tenantId, window_start, window_end ORDER BY score DESC, segmentId) AS rn
  FROM TABLE(TUMBLE(TABLE scored_segments, DESCRIPTOR(eventTime), INTERVAL '1' HOUR))
)
WHERE rn <= 3
