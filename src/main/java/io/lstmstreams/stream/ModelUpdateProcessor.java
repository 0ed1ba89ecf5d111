package io.lstmstreams.stream;

import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ForecastModel;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.training.ModelFormatException;
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
 * input and output sizes the engine is configured for; otherwise it is counted by
 * {@link ModelRejection} reason and logged in one line, once per distinct record, and the current
 * model stays. The store keeps, per model name, the artefact in use (or the first usable one): not a
 * rejected artefact, nor an older version published later, which would otherwise be all that a
 * restart over the local state finds, and the instance would fall back to its initial model while
 * the others run the newer one. An exception here would stop the global thread and with it the
 * whole instance, so nothing from the decoder escapes.
 */
final class ModelUpdateProcessor implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(ModelUpdateProcessor.class);

    private final String storeName;
    private final ModelDecoder decoder;
    private final ModelHolder models;
    private final EngineConfig engineConfig;
    private final StreamCounters counters;
    /** Rejections already counted and logged, shared by the restore-time and the live processor instances. */
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
                    ForecastModel model = usable(entry.key, entry.value);
                    if (model != null) {
                        install(entry.key, model);
                    }
                }
            }
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            reject(ModelRejection.NO_KEY, "no-key/" + fingerprint(record.value()),
                    "a record on the models topic has no key; ignored");
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        ForecastModel model = usable(record.key(), record.value());
        if (model != null && (install(record.key(), model) || store.get(record.key()) == null)) {
            store.put(record.key(), record.value());
        }
    }

    /** The model of {@code artefact} if this engine can run it; else null, the rejection counted and logged. */
    private ForecastModel usable(String name, byte[] artefact) {
        String what = name + "/" + fingerprint(artefact);
        String rejected = "model '" + name + "' (" + artefact.length + " bytes) rejected, keeping v"
                + models.current().version() + ": ";
        ForecastModel model;
        try {
            model = decoder.decode(artefact);
        } catch (ModelFormatException e) {
            ModelRejection reason = ModelRejection.of(e);
            reject(reason, what, rejected + reason.tag() + ", " + e.getMessage());
            return null;
        } catch (RuntimeException e) {
            reject(ModelRejection.OTHER, what, rejected + e.getClass().getSimpleName() + ": " + e.getMessage());
            return null;
        }
        int in = model.network().inputSize();
        int out = model.network().outputSize();
        if (in != engineConfig.inputSize() || out != engineConfig.horizon()) {
            reject(ModelRejection.WRONG_SHAPE, what, rejected + "v" + model.version() + " has input " + in
                    + " and output " + out + ", the engine needs " + engineConfig.inputSize() + " and "
                    + engineConfig.horizon());
            return null;
        }
        return model;
    }

    /** Offers the model to the holder; true if it was installed (newer than the one in use). */
    private boolean install(String name, ForecastModel model) {
        if (models.offer(model)) {
            counters.modelInstalled(model.version());
            LOG.info("model '{}' v{} installed", name, model.version());
            return true;
        }
        LOG.debug("model '{}' v{} is not newer than v{}", name, model.version(), models.current().version());
        return false;
    }

    /**
     * Counts and logs a rejection the first time this instance sees that record: the global store
     * offers its content again when the thread (re)starts, after a restore that already passed the
     * same records through, and that must not count or log them twice.
     */
    private void reject(ModelRejection reason, String what, String message) {
        if (logged.add(what)) {
            counters.modelRejected(reason);
            LOG.warn(message);
        }
    }

    private static String fingerprint(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return bytes.length + ":" + Long.toHexString(crc.getValue());
    }
}
