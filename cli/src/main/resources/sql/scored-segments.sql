-- clipstream's scored-segments topic as a Flink SQL table: one row per scored talking point.
-- The columns follow the Avro record io.clipstream.schemas.ScoredSegment field by field (the
-- 'avro' format reads the bytes with the schema derived from these columns, so order, types and
-- NOT NULL matter). Replace ${bootstrap.servers}; for a bounded (batch) read add
-- 'scan.bounded.mode' = 'latest-offset'.
CREATE TABLE scored_segments (
  segmentId  STRING NOT NULL,
  videoId    STRING NOT NULL,
  tenantId   STRING NOT NULL,
  startUs    BIGINT NOT NULL,
  endUs      BIGINT NOT NULL,
  `text`     STRING NOT NULL,
  score      FLOAT NOT NULL,
  components ARRAY<ROW<name STRING NOT NULL, `value` FLOAT NOT NULL, weight FLOAT NOT NULL> NOT NULL> NOT NULL,
  selected   BOOLEAN NOT NULL,
  eventTime  TIMESTAMP(3) NOT NULL,
  WATERMARK FOR eventTime AS eventTime - INTERVAL '10' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'scored-segments',
  'properties.bootstrap.servers' = '${bootstrap.servers}',
  'properties.group.id' = 'clipstream-analysts',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'avro'
)
