package io.quarkiverse.llamacloud.chat.benchmarks;

import java.util.Collection;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Runs {@link DecodeBenchmark} with JMH (started by the suite with a plain class path, so that JMH can fork) and
 * prints one {@code RESULT <json>} line per benchmark and body.
 */
public final class DecodeRunner {

    private DecodeRunner() {
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = args.length > 0 && args[0].equals("--smoke");
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(DecodeBenchmark.class.getName() + "\\.")
                .shouldFailOnError(true)
                .jvmArgsAppend("-Xmx1g");
        if (smoke) {
            options.forks(1).warmupIterations(1).warmupTime(TimeValue.milliseconds(200)).measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(200));
        } else {
            options.forks(2).warmupIterations(5).warmupTime(TimeValue.seconds(1)).measurementIterations(5)
                    .measurementTime(TimeValue.seconds(1));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            String body = result.getParams().getParam("body");
            ObjectNode json = Json.object();
            json.put("benchmark", benchmark.substring(benchmark.lastIndexOf('.') + 1));
            json.put("input", body);
            json.put("bytes", DecodeBenchmark.body(body).length);
            json.put("events", DecodeBenchmark.events(body));
            json.put("score", result.getPrimaryResult().getScore());
            json.put("error", result.getPrimaryResult().getScoreError());
            json.put("unit", result.getPrimaryResult().getScoreUnit());
            System.out.println("RESULT " + json);
        }
    }
}
