package org.aiverse.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Serves the web pages (the operations and playback pages under {@code /ui/}, the WebXR world client under
 * {@code /xr/}) from this bundle's {@code web/} folder, through the OSGi HTTP whiteboard on Karaf's HTTP port. A
 * folder answers its {@code index.html}; {@code /ui} and {@code /xr} redirect to the folder. Only files inside
 * {@code web/} are served: a path with {@code ..}, a backslash or an empty segment is {@code 404}.
 */
@Component(
        service = Servlet.class,
        property = {
            "osgi.http.whiteboard.servlet.pattern=/ui/*",
            "osgi.http.whiteboard.servlet.pattern=/xr/*",
            "osgi.http.whiteboard.servlet.name=aiverse-web-pages"
        })
public final class WebPagesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "map", "application/json");

    private final transient BundleContext context;

    @Activate
    public WebPagesServlet(BundleContext context) {
        this.context = context;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String servletPath = req.getServletPath(); // /ui or /xr
        String info = req.getPathInfo();
        if (info == null || info.isEmpty()) {
            resp.sendRedirect(req.getRequestURI() + "/");
            return;
        }
        String path = resource(servletPath, info);
        URL url = path == null ? null : context.getBundle().getEntry(path);
        if (url == null || path.endsWith("/")) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String ext = path.substring(path.lastIndexOf('.') + 1);
        resp.setContentType(TYPES.getOrDefault(ext, "application/octet-stream"));
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        try (InputStream in = url.openStream()) {
            in.transferTo(resp.getOutputStream());
        }
    }

    /** The bundle entry for a request, or {@code null} when the path may not be served. */
    static String resource(String servletPath, String pathInfo) {
        String p = pathInfo.endsWith("/") ? pathInfo + "index.html" : pathInfo;
        if (p.contains("..") || p.contains("\\") || p.contains("//") || p.indexOf('\0') >= 0) {
            return null;
        }
        return "web" + servletPath + p;
    }
}
