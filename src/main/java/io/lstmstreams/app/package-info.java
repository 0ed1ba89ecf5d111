/**
 * One process of the application, wired from its configuration:
 * {@link io.lstmstreams.app.AppInstance} (the stream role and, unless disabled, the trainer role,
 * both starting from the same seed-initialised model) and the {@code run} command that runs it
 * against an existing cluster until shutdown.
 */
package io.lstmstreams.app;
