package io.lstmstreams.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The record's own timestamp; for the (practically impossible, since the v2 record format) record
 * without a valid one, the partition's time so far, else the wall clock. Never throws and never
 * returns a negative time: Kafka's default extractor would stop the stream thread on such a
 * record, and a negative time would make Kafka Streams skip it, and we drop nothing silently.
 */
public final class RecordOrPartitionTime implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.timestamp() >= 0) {
            return record.timestamp();
        }
        return partitionTime >= 0 ? partitionTime : System.currentTimeMillis();
    }
}
