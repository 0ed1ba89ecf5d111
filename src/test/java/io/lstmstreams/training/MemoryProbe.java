package io.lstmstreams.training;

import io.lstmstreams.config.CellType;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.config.SegmentStart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.Pointer;

/**
 * Measurement harness, not a test: repeated retrainings of an NYC-sized network (H=32, 48-step
 * segments, 256 replay segments, 3 epochs, batch 16) on synthetic data, printing after each run the
 * process RSS, javacpp's tracked bytes and the Java heap. Arguments: runs, "gc" to force a GC after
 * each run, "fit"|"loss"|"train" for what each run does.
 * <pre>java -cp target/lstm-streams.jar:target/test-classes io.lstmstreams.training.MemoryProbe 30 nogc train</pre>
 */
public final class MemoryProbe {
    private MemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        boolean gc = args.length > 1 && args[1].equals("gc");
        String mode = args.length > 2 ? args[2] : "train";
        EngineConfig cfg = TrainingFixtures.config(CellType.LSTM, new int[] {32}, 5, 48, 48, SegmentStart.ZEROS,
                3, 16, 0.005);
        TbpttTrainer trainer = new TbpttTrainer(cfg);
        List<Segment> train = TrainingFixtures.sine(new Random(1), 240, 48, 5, 24);
        List<Segment> validation = TrainingFixtures.sine(new Random(2), 16, 48, 5, 24);
        float[] params = NetworkFactory.create(cfg).params().toFloatVector();
        for (int run = 1; run <= runs; run++) {
            switch (mode) {
                case "loss" -> trainer.loss(params, train);
                case "op", "opclose", "opreuse" -> ops(mode);
                case "bp" -> bp(true);
                case "bpnostate" -> bp(false);
                case "bpreuse" -> bpReuse();
                default -> params = trainer.train(params, train, validation).params();
            }
            if (gc) {
                System.gc();
                Thread.sleep(100);
            }
            Runtime rt = Runtime.getRuntime();
            System.out.printf("run %3d rss %6d MB  javacpp %6d MB  heap %5d MB%n", run, rssKb() / 1024,
                    Pointer.totalBytes() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20);
        }
    }

    /** 1000 forward lstmLayer calls on [16, 1, 48] with H=32, outputs dropped (or closed). */
    static void ops(String mode) {
        boolean close = mode.equals("opclose");
        var f = org.nd4j.linalg.api.buffer.DataType.FLOAT;
        var x = org.nd4j.linalg.factory.Nd4j.rand(f, 16, 1, 48);
        var wx = org.nd4j.linalg.factory.Nd4j.rand(f, 1, 128);
        var wr = org.nd4j.linalg.factory.Nd4j.rand(f, 32, 128);
        var b = org.nd4j.linalg.factory.Nd4j.rand(f, 128);
        var h = org.nd4j.linalg.factory.Nd4j.zeros(f, 16, 32);
        var c = org.nd4j.linalg.factory.Nd4j.zeros(f, 16, 32);
        var outs = new org.nd4j.linalg.api.ndarray.INDArray[] {org.nd4j.linalg.factory.Nd4j.zeros(f, 16, 32, 48),
                org.nd4j.linalg.factory.Nd4j.zeros(f, 16, 32), org.nd4j.linalg.factory.Nd4j.zeros(f, 16, 32)};
        for (int i = 0; i < 1000; i++) {
            var builder = org.nd4j.linalg.api.ops.DynamicCustomOp.builder("lstmLayer").addInputs(x, wx, wr, b, h, c);
            if (mode.equals("opreuse")) {
                builder.addOutputs(outs);
            }
            var op = builder
                    .addIntegerArguments(2, 0, 0, 1, 1).addFloatingPointArguments(0.0)
                    .addBooleanArguments(true, false, true, true, false, true, true, true).build();
            var out = org.nd4j.linalg.factory.Nd4j.exec(op);
            if (close) {
                for (var o : out) {
                    o.close();
                }
            }
        }
    }

    /** 1000 lstmLayer_bp calls on [16, 1, 48] with H=32, outputs closed. */
    static void bp(boolean state) {
        var f = org.nd4j.linalg.api.buffer.DataType.FLOAT;
        var x = org.nd4j.linalg.factory.Nd4j.rand(f, 16, 1, 48);
        var wx = org.nd4j.linalg.factory.Nd4j.rand(f, 1, 128);
        var wr = org.nd4j.linalg.factory.Nd4j.rand(f, 32, 128);
        var b = org.nd4j.linalg.factory.Nd4j.rand(f, 128);
        var h = org.nd4j.linalg.factory.Nd4j.zeros(f, 16, 32);
        var c = org.nd4j.linalg.factory.Nd4j.zeros(f, 16, 32);
        var e = org.nd4j.linalg.factory.Nd4j.rand(f, 16, 32, 48);
        for (int i = 0; i < 1000; i++) {
            var op = (state ? org.nd4j.linalg.api.ops.DynamicCustomOp.builder("lstmLayer_bp").addInputs(x, wx, wr, b, h, c, e) : org.nd4j.linalg.api.ops.DynamicCustomOp.builder("lstmLayer_bp").addInputs(x, wx, wr, b, e))
                    .addIntegerArguments(2, 0, 0, 1, 1).addFloatingPointArguments(0.0)
                    .addBooleanArguments(true, false, state, state, false, true, false, false).build();
            for (var o : org.nd4j.linalg.factory.Nd4j.exec(op)) {
                o.close();
            }
        }
    }

    /** 1000 lstmLayer_bp calls with preallocated outputs (no output-shape calculation). */
    static void bpReuse() {
        var f = org.nd4j.linalg.api.buffer.DataType.FLOAT;
        var x = org.nd4j.linalg.factory.Nd4j.rand(f, 16, 1, 48);
        var wx = org.nd4j.linalg.factory.Nd4j.rand(f, 1, 128);
        var wr = org.nd4j.linalg.factory.Nd4j.rand(f, 32, 128);
        var b = org.nd4j.linalg.factory.Nd4j.rand(f, 128);
        var h = org.nd4j.linalg.factory.Nd4j.zeros(f, 16, 32);
        var c = org.nd4j.linalg.factory.Nd4j.zeros(f, 16, 32);
        var e = org.nd4j.linalg.factory.Nd4j.rand(f, 16, 32, 48);
        var outs = new org.nd4j.linalg.api.ndarray.INDArray[] {org.nd4j.linalg.factory.Nd4j.zeros(f, 16, 1, 48),
                org.nd4j.linalg.factory.Nd4j.zeros(f, 1, 128), org.nd4j.linalg.factory.Nd4j.zeros(f, 32, 128),
                org.nd4j.linalg.factory.Nd4j.zeros(f, 128), org.nd4j.linalg.factory.Nd4j.zeros(f, 16, 32),
                org.nd4j.linalg.factory.Nd4j.zeros(f, 16, 32)};
        for (int i = 0; i < 1000; i++) {
            var op = org.nd4j.linalg.api.ops.DynamicCustomOp.builder("lstmLayer_bp").addInputs(x, wx, wr, b, h, c, e)
                    .addOutputs(outs).addIntegerArguments(2, 0, 0, 1, 1).addFloatingPointArguments(0.0)
                    .addBooleanArguments(true, false, true, true, false, true, false, false).build();
            org.nd4j.linalg.factory.Nd4j.exec(op);
        }
    }

    static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
