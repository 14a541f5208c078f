-- How each video's talking points spread over score bands of ten points, and how many became clips.
SELECT videoId,
       CAST(FLOOR(score / 10) * 10 AS INT) AS band,
       COUNT(*) AS segments,
       SUM(CASE WHEN selected THEN 1 ELSE 0 END) AS clips,
       ROUND(AVG(score), 1) AS mean_score
FROM scored_segments
GROUP BY videoId, CAST(FLOOR(score / 10) * 10 AS INT)
