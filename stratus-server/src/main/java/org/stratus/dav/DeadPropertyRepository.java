package org.stratus.dav;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Properties that clients set with PROPPATCH and the server only stores (RFC 4918 "dead" properties). */
final class DeadPropertyRepository {

    private final JdbcClient jdbc;

    DeadPropertyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** All dead properties of the given nodes, in one query. */
    Map<Long, Map<PropertyName, String>> load(Collection<Long> nodeIds) {
        Map<Long, Map<PropertyName, String>> result = new HashMap<>();
        if (nodeIds.isEmpty()) {
            return result;
        }
        jdbc.sql("SELECT node_id, namespace, name, value FROM dead_properties WHERE node_id = ANY(?) "
                        + "ORDER BY node_id, namespace, name")
                .param(nodeIds.toArray(Long[]::new))
                .query(rs -> {
                    result.computeIfAbsent(rs.getLong(1), id -> new LinkedHashMap<>())
                            .put(new PropertyName(rs.getString(2), rs.getString(3)), rs.getString(4));
                });
        return result;
    }

    void set(long nodeId, PropertyName name, String value) {
        jdbc.sql("""
                INSERT INTO dead_properties (node_id, namespace, name, value) VALUES (?, ?, ?, ?)
                ON CONFLICT (node_id, namespace, name) DO UPDATE SET value = EXCLUDED.value""")
                .params(nodeId, name.namespace(), name.localName(), value)
                .update();
    }

    void remove(long nodeId, PropertyName name) {
        jdbc.sql("DELETE FROM dead_properties WHERE node_id = ? AND namespace = ? AND name = ?")
                .params(nodeId, name.namespace(), name.localName())
                .update();
    }
}
