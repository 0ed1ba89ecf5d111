package io.lstmstreams.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * Formats a KRaft data directory, as {@code kafka-storage.sh format} does: writes
 * {@code meta.properties} (cluster id, node id) and the bootstrap metadata checkpoint. A KRaft
 * server refuses to start on an unformatted directory.
 */
final class StorageFormat {
    private StorageFormat() {
    }

    /** True when the directory has been formatted before (a kept data directory being reused). */
    static boolean isFormatted(Path dataDir) {
        return Files.exists(dataDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME));
    }

    /**
     * Formats an empty directory for a static single-voter quorum at the latest stable metadata
     * version.
     *
     * @param scramArguments credentials to bootstrap, in the tool's {@code --add-scram} syntax, e.g.
     *        {@code SCRAM-SHA-256=[name=alice,password=secret]}; usually empty
     * @return the new cluster id
     */
    static String format(Path dataDir, int nodeId, String controllerListener, List<String> scramArguments)
            throws IOException {
        Files.createDirectories(dataDir);
        String clusterId = Uuid.randomUuid().toString();
        // the formatter narrates to a PrintStream; keep it for the error message only
        ByteArrayOutputStream narration = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(narration, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(out)
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setControllerListenerName(controllerListener)
                    .setMetadataLogDirectory(dataDir.toAbsolutePath().toString())
                    .addDirectory(dataDir.toAbsolutePath().toString())
                    .setScramArguments(scramArguments)
                    .run();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("formatting " + dataDir + " failed: " + e.getMessage() + "\n"
                    + narration.toString(StandardCharsets.UTF_8), e);
        }
        return clusterId;
    }
}
