-- Talking points that say a phrase (here: "biggest customer"), best first, with their score's parts.
SELECT videoId, segmentId, CAST(startUs AS DOUBLE) / 1e6 AS start_s, CAST(endUs AS DOUBLE) / 1e6 AS end_s, score, `text`
FROM scored_segments
WHERE LOWER(`text`) LIKE '%biggest customer%'
