package org.stratus.bench.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.stratus.bench.load.Measurement;

/**
 * A PNG beside the report: operations per second of every server for each workload at one concurrency (16 where
 * measured), on a logarithmic axis because the workloads span four orders of magnitude.
 */
public final class ChartReport {

    private ChartReport() {}

    public static void write(BenchResults results, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (String workload : results.workloads()) {
            int level = results.concurrencies(workload).contains(16) ? 16
                    : results.concurrencies(workload).get(results.concurrencies(workload).size() - 1);
            for (ServerResult server : results.servers()) {
                Measurement m = server.skipped() == null ? server.measurement(workload, level) : null;
                if (m != null && m.opsPerSecond() > 0) {
                    data.addValue(m.opsPerSecond(), server.server(), workload + " c=" + level);
                }
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("Stratus and its peers (" + results.plan() + " plan)",
                null, "operations per second (log)", data, PlotOrientation.HORIZONTAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        LogAxis axis = new LogAxis("operations per second (log scale)");
        axis.setSmallestValue(0.1);
        plot.setRangeAxis(axis);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        chart.setBackgroundPaint(Color.WHITE);
        int height = Math.max(400, 60 + data.getColumnCount() * Math.max(1, data.getRowCount()) * 9);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, height);
    }
}
