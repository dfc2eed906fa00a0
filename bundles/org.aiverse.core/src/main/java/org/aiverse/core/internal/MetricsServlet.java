package org.aiverse.core.internal;

import java.io.IOException;
import java.io.OutputStream;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /metrics}: the seed 8.1 metrics in the Prometheus text format, on Karaf's HTTP port (HTTP Whiteboard),
 * for a Prometheus scraper on the operators' network. Carries counts and latencies only, no personal data.
 */
@Component(
        service = Servlet.class,
        property = {"osgi.http.whiteboard.servlet.pattern=/metrics", "osgi.http.whiteboard.servlet.name=aiverse-metrics"
        })
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient CoreMetrics metrics;

    @Activate
    public MetricsServlet(@Reference CoreMetricsComponent metrics) {
        this.metrics = metrics.metrics();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType(metrics.contentType());
        resp.setHeader("Cache-Control", "no-store");
        try (OutputStream out = resp.getOutputStream()) {
            metrics.write(out);
        }
    }
}
