-- A reprocessed archive's talking points as a Flink SQL table: the same columns as the
-- scored-segments topic (sql/scored-segments.sql), read from the Avro files `clipstream reprocess`
-- writes under {out}/scored/tenantId={tenant}/dt={yyyy-MM-dd}/{videoId}.avro. tenantId and dt
-- come from the directory names (partition pruning: WHERE tenantId = 'acme' AND dt >= '2026-11-01'
-- reads only those directories); dt is the day the source video was last modified.
-- Replace ${path} with the scored/ directory (file:// or s3://).
CREATE TABLE scored_segments (
  segmentId  STRING NOT NULL,
  videoId    STRING NOT NULL,
  tenantId   STRING,
  startUs    BIGINT NOT NULL,
  endUs      BIGINT NOT NULL,
  `text`     STRING NOT NULL,
  score      FLOAT NOT NULL,
  components ARRAY<ROW<name STRING NOT NULL, `value` FLOAT NOT NULL, weight FLOAT NOT NULL> NOT NULL> NOT NULL,
  selected   BOOLEAN NOT NULL,
  eventTime  TIMESTAMP(3) NOT NULL,
  dt         STRING,
  WATERMARK FOR eventTime AS eventTime - INTERVAL '10' SECOND
) PARTITIONED BY (tenantId, dt) WITH (
  'connector' = 'filesystem',
  'path' = '${path}',
  'format' = 'avro'
)
