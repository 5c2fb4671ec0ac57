package org.stratus.locks;

import java.util.ArrayList;
import java.util.List;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;

/**
 * The WebDAV {@code If} header (RFC 4918 section 10.4): lists of conditions, each list optionally tagged with the
 * resource it applies to. A condition is a lock token or an entity tag, possibly negated with {@code Not}.
 */
public record IfHeader(List<ConditionList> lists) {

    public static final IfHeader EMPTY = new IfHeader(List.of());

    /** @param resource the tagged resource URL, or null for the request URI */
    public record ConditionList(String resource, List<Condition> conditions) {}

    /** @param token a state token (lock token) or null; @param etag an entity tag (with quotes) or null */
    public record Condition(boolean not, String token, String etag) {}

    public boolean isEmpty() {
        return lists.isEmpty();
    }

    /** Every lock token the client named positively: the tokens it "submits" (RFC 4918 section 10.4.1). */
    public List<String> submittedTokens() {
        List<String> tokens = new ArrayList<>();
        for (ConditionList list : lists) {
            for (Condition condition : list.conditions()) {
                if (condition.token() != null && !condition.not()) {
                    tokens.add(condition.token());
                }
            }
        }
        return tokens;
    }

    public static IfHeader parse(String header) {
        if (header == null || header.isBlank()) {
            return EMPTY;
        }
        return new Parser(header).parse();
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        IfHeader parse() {
            List<ConditionList> lists = new ArrayList<>();
            String resource = null;
            skipSpace();
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '<') {
                    resource = readUntil('<', '>');
                } else if (c == '(') {
                    lists.add(new ConditionList(resource, readList()));
                } else {
                    throw invalid();
                }
                skipSpace();
            }
            if (lists.isEmpty()) {
                throw invalid();
            }
            return new IfHeader(List.copyOf(lists));
        }

        private List<Condition> readList() {
            pos++; // '('
            List<Condition> conditions = new ArrayList<>();
            skipSpace();
            while (pos < text.length() && text.charAt(pos) != ')') {
                boolean not = false;
                if (text.startsWith("Not", pos) || text.startsWith("not", pos)) {
                    not = true;
                    pos += 3;
                    skipSpace();
                }
                if (pos >= text.length()) {
                    throw invalid();
                }
                char c = text.charAt(pos);
                if (c == '<') {
                    conditions.add(new Condition(not, readUntil('<', '>'), null));
                } else if (c == '[') {
                    conditions.add(new Condition(not, null, readUntil('[', ']')));
                } else {
                    throw invalid();
                }
                skipSpace();
            }
            if (pos >= text.length() || conditions.isEmpty()) {
                throw invalid();
            }
            pos++; // ')'
            return List.copyOf(conditions);
        }

        private String readUntil(char open, char close) {
            int end = text.indexOf(close, pos + 1);
            if (text.charAt(pos) != open || end < 0) {
                throw invalid();
            }
            String value = text.substring(pos + 1, end).trim();
            pos = end + 1;
            return value;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private StratusException invalid() {
            return new StratusException(ErrorCode.INVALID_HEADER, "The If header is malformed");
        }
    }
}
