package org.stratus.ocs;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.stratus.error.Xml;

/**
 * The OCS envelope in both encodings: JSON when {@code format=json} or the client accepts JSON, XML otherwise.
 * v1 reports success as status code 100 with HTTP 200; v2 as 200.
 */
final class OcsResponses {

    private OcsResponses() {}

    static ResponseEntity<?> ok(HttpServletRequest request, Map<String, Object> data) {
        boolean v2 = request.getRequestURI().startsWith("/ocs/v2.php/");
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("status", "ok");
        meta.put("statuscode", v2 ? 200 : 100);
        meta.put("message", "OK");
        meta.put("totalitems", "");
        meta.put("itemsperpage", "");
        Map<String, Object> ocs = new LinkedHashMap<>();
        ocs.put("meta", meta);
        ocs.put("data", data);
        if (wantsJson(request)) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Map.of("ocs", ocs));
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<ocs>");
        for (Map.Entry<String, Object> entry : ocs.entrySet()) {
            element(xml, entry.getKey(), entry.getValue());
        }
        xml.append("</ocs>\n");
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/xml; charset=utf-8"))
                .body(xml.toString());
    }

    static boolean wantsJson(HttpServletRequest request) {
        String format = request.getParameter("format");
        if (format != null) {
            return format.equalsIgnoreCase("json");
        }
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("application/json");
    }

    private static void element(StringBuilder xml, String name, Object value) {
        xml.append('<').append(name).append('>');
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                element(xml, String.valueOf(entry.getKey()), entry.getValue());
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                element(xml, "element", item);
            }
        } else if (value instanceof Boolean bool) {
            xml.append(bool ? "1" : "");
        } else if (value != null) {
            xml.append(Xml.escape(String.valueOf(value)));
        }
        xml.append("</").append(name).append('>');
    }
}
