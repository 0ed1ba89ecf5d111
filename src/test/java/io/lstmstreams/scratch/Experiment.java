package io.lstmstreams.scratch;

import io.lstmstreams.cell.DenseHead;
import io.lstmstreams.cell.LstmLayer;
import io.lstmstreams.cell.RecurrentLayer;
import io.lstmstreams.cell.RecurrentNetwork;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.*;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import io.lstmstreams.training.NetworkFactory;
import io.lstmstreams.training.Segment;
import java.io.*;
import java.nio.file.*;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.*;
import java.util.zip.GZIPInputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.dataset.DataSet;

public class Experiment {
    static RecurrentNetwork kernel(EngineConfig c, MultiLayerNetwork net) {
        List<RecurrentLayer> layers = new ArrayList<>();
        int nIn = c.inputSize();
        int[] hs = c.hiddenSizes();
        for (int i = 0; i < hs.length; i++) {
            float[] w = flat(net.getParam(i + "_W")), rw = flat(net.getParam(i + "_RW")), b = flat(net.getParam(i + "_b"));
            layers.add(new LstmLayer(nIn, hs[i], w, rw, b));
            nIn = hs[i];
        }
        int o = hs.length;
        return new RecurrentNetwork(layers, new DenseHead(nIn, c.horizon(), flat(net.getParam(o + "_W")), flat(net.getParam(o + "_b"))));
    }
    static float[] flat(INDArray a) { return a.dup('c').data().asFloat(); }

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        for (int i = 1; i < args.length; i++) { String[] kv = args[i].split("=", 2); p.setProperty(kv[0], kv[1]); }
        EngineConfig c = EngineConfig.fromProperties(p);
        System.out.println(c);
        List<Observation> obs = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(new FileInputStream(args[0]))))) {
            r.readLine(); String line;
            while ((line = r.readLine()) != null) { String[] f = line.split(",");
                obs.add(Observation.of(f[0], LocalDateTime.parse(f[1]).toInstant(ZoneOffset.UTC).toEpochMilli(), Double.parseDouble(f[2]))); }
        }
        MultiLayerNetwork net = NetworkFactory.create(c);
        ModelHolder holder = new ModelHolder(new ForecastModel(0, kernel(c, net)));
        ForecastEngine engine = new ForecastEngine(c, holder);
        ArrayDeque<Segment> buf = new ArrayDeque<>();
        SeriesState s = null; int n = obs.size(); int H = c.horizon();
        double[][] fc = new double[n][];
        long t0 = System.currentTimeMillis(); long trainMs = 0; long version = 0;
        Random rnd = new Random(c.seed());
        for (int i = 0; i < n; i++) {
            StepResult res = engine.process(s, obs.get(i)); s = res.state();
            fc[i] = res.forecast().values();
            if (res.segment() != null) { buf.addLast(res.segment()); while (buf.size() > c.replayCapacity()) buf.removeFirst(); }
            if ((i + 1) % c.retrainEveryEvents() == 0 && buf.size() >= 4) {
                long a = System.currentTimeMillis();
                List<Segment> segs = new ArrayList<>(buf);
                for (int e = 0; e < c.epochs(); e++) {
                    Collections.shuffle(segs, rnd);
                    for (int from = 0; from < segs.size(); from += c.batchSize()) {
                        List<Segment> mb = segs.subList(from, Math.min(segs.size(), from + c.batchSize()));
                        net.fit(toDataSet(c, mb));
                    }
                }
                trainMs += System.currentTimeMillis() - a;
                holder.offer(new ForecastModel(++version, kernel(c, net)));
            }
        }
        // score
        double sum = 0, sumsq = 0; for (Observation o : obs) { sum += o.value(); sumsq += o.value() * o.value(); }
        double mean = sum / n, std = Math.sqrt(sumsq / n - mean * mean);
        int from = Integer.parseInt(System.getProperty("scoreFrom", "10000"));
        for (int h = 1; h <= H; h++) {
            double se = 0, ae = 0, at = 0; int cnt = 0;
            for (int t = from; t + h < n; t++) { double y = obs.get(t + h).value(); double e = y - fc[t][h - 1]; se += e * e; ae += Math.abs(e); at += Math.abs(y); cnt++; }
            System.out.printf("h=%d NRMSE=%.4f MAPE=%.4f%n", h, Math.sqrt(se / cnt) / std, ae / at);
        }
        System.out.printf("wall %.1fs train %.1fs models %d%n", (System.currentTimeMillis() - t0) / 1000.0, trainMs / 1000.0, version);
    }

    static DataSet toDataSet(EngineConfig c, List<Segment> mb) {
        int T = mb.get(0).steps(), nIn = c.inputSize(), H = c.horizon(), m = mb.size();
        float[] x = new float[m * nIn * T], y = new float[m * H * T], mask = new float[m * T];
        for (int i = 0; i < m; i++) { Segment sg = mb.get(i);
            for (int t = 0; t < T; t++) { for (int k = 0; k < nIn; k++) x[(i * nIn + k) * T + t] = sg.inputs()[t][k];
                for (int k = 0; k < H; k++) y[(i * H + k) * T + t] = sg.targets()[t][k];
                mask[i * T + t] = t >= sg.lossFrom() ? 1 : 0; } }
        return new DataSet(Nd4j.create(x, new long[]{m, nIn, T}, 'c'), Nd4j.create(y, new long[]{m, H, T}, 'c'), null, Nd4j.create(mask, new long[]{m, T}, 'c'));
    }
}
