package io.lstmstreams.stream;

import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ForecastModel;
import io.lstmstreams.engine.ModelHolder;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global {@code models} store (model name → artefact bytes) and offers every usable
 * model in it to the instance's shared {@link ModelHolder}, which installs only newer versions: so
 * each instance hot-swaps to a new model as soon as its global thread reads it. Runs on the global
 * thread, never on a stream thread.
 *
 * <p>A model is usable when the {@link ModelDecoder} accepts its bytes and its network has the
 * input and output sizes the engine is configured for; otherwise it is counted and logged (once
 * per version, or once per undecodable record) and the current model stays. The store keeps the
 * bytes either way: it mirrors the topic. An exception here would stop the global thread and with
 * it the whole instance, so nothing from the decoder escapes.
 */
final class ModelUpdateProcessor implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(ModelUpdateProcessor.class);

    private final String storeName;
    private final ModelDecoder decoder;
    private final ModelHolder models;
    private final EngineConfig engineConfig;
    private final StreamCounters counters;
    /** What was already logged, shared by the restore-time and the live processor instances. */
    private final Set<String> logged;
    private KeyValueStore<String, byte[]> store;

    ModelUpdateProcessor(String storeName, ModelDecoder decoder, ModelHolder models, EngineConfig engineConfig,
            StreamCounters counters, Set<String> logged) {
        this.storeName = storeName;
        this.decoder = decoder;
        this.models = models;
        this.engineConfig = engineConfig;
        this.counters = counters;
        this.logged = logged;
    }

    /**
     * Offers what the store already holds. On a restart with a local checkpoint, records older than
     * the checkpoint are not read again, so without this the newest model would wait for the next
     * publication.
     */
    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (entry.value != null) {
                    offer(entry.key, entry.value);
                }
            }
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            counters.modelRejected();
            logOnce("no-key", "a record on the models topic has no key; ignored");
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        store.put(record.key(), record.value());
        offer(record.key(), record.value());
    }

    private void offer(String name, byte[] artefact) {
        Optional<ForecastModel> decoded;
        String why = "the decoder rejected it";
        try {
            decoded = decoder.decode(artefact);
        } catch (RuntimeException e) {
            decoded = Optional.empty();
            why = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (decoded.isEmpty()) {
            counters.modelRejected();
            logOnce(name + "/" + fingerprint(artefact), "model '" + name + "' (" + artefact.length
                    + " bytes) is not a usable artefact, keeping v" + models.current().version() + ": " + why);
            return;
        }
        ForecastModel model = decoded.get();
        int in = model.network().inputSize();
        int out = model.network().outputSize();
        if (in != engineConfig.inputSize() || out != engineConfig.horizon()) {
            counters.modelRejected();
            logOnce("v" + model.version(), "model '" + name + "' v" + model.version() + " has input " + in
                    + " and output " + out + ", the engine needs " + engineConfig.inputSize() + " and "
                    + engineConfig.horizon() + "; keeping v" + models.current().version());
            return;
        }
        if (models.offer(model)) {
            counters.modelInstalled(model.version());
            LOG.info("model '{}' v{} installed", name, model.version());
        } else {
            LOG.debug("model '{}' v{} is not newer than v{}", name, model.version(), models.current().version());
        }
    }

    private void logOnce(String what, String message) {
        if (logged.add(what)) {
            LOG.warn(message);
        }
    }

    private static String fingerprint(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return Long.toHexString(crc.getValue());
    }
}
